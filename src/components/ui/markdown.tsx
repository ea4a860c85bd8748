"use client";

import { createContext, isValidElement, useContext, type ComponentProps, type ReactNode } from "react";
import ReactMarkdown, { defaultUrlTransform, type Components, type UrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";
import { localImagePath } from "~/lib/safe-url";

// Inside a link an image cannot become one (a link in a link is not valid HTML); it becomes its text.
const InLink = createContext(false);

// A mention, `@[Ada Lovelace](user:<id>)`, links to no page: it shows as a chip with the person's name.
const MENTION_HREF = /^user:[A-Za-z0-9_-]{1,64}$/;

function MarkdownLink(props: ComponentProps<"a"> & { node?: unknown }) {
  const { node: _node, ...rest } = props;
  if (typeof rest.href === "string" && MENTION_HREF.test(rest.href)) {
    const text = textOf(rest.children);
    return (
      <span
        className="mention rounded bg-indigo-50 px-1 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200"
        data-user-id={rest.href.slice("user:".length)}
      >
        @{text}
      </span>
    );
  }
  return (
    <InLink.Provider value={true}>
      <a {...rest} />
    </InLink.Provider>
  );
}

// Only images on this site are loaded. Another site's image would tell that site who read the
// task and when (the CSP blocks it too, but then the reader sees a broken image): it is shown as
// a link to the image instead.
function MarkdownImage({ src, alt }: ComponentProps<"img"> & { node?: unknown }) {
  const inLink = useContext(InLink);
  const url = typeof src === "string" ? src : "";
  const local = url ? localImagePath(url) : null;
  // eslint-disable-next-line @next/next/no-img-element -- user content, not a page asset
  if (local) return <img src={local} alt={alt ?? ""} />;
  const label = alt || url || "image";
  if (inLink || !url) return <span>{label}</span>;
  return (
    <a href={url} rel="noopener noreferrer nofollow" title={url}>
      {label}
    </a>
  );
}

const COMPONENTS: Components = { a: MarkdownLink, img: MarkdownImage };

function textOf(node: ReactNode): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return "";
}

type MdNode = { type: string; value?: string; url?: string; children?: MdNode[] };

// The "@" written before a mention's link belongs to the chip, which shows it itself.
function remarkMentions() {
  const walk = (node: MdNode) => {
    const children = node.children ?? [];
    children.forEach((child, i) => {
      const before = children[i - 1];
      if (
        child.type === "link" &&
        MENTION_HREF.test(child.url ?? "") &&
        before?.type === "text" &&
        before.value?.endsWith("@")
      )
        before.value = before.value.slice(0, -1);
      walk(child);
    });
  };
  return (tree: MdNode) => walk(tree);
}

// react-markdown blanks hrefs of protocols it does not know; a mention's `user:` href is kept for
// MarkdownLink to recognise, everything else is left to the default.
export const urlTransform: UrlTransform = (url, key) =>
  key === "href" && MENTION_HREF.test(url) ? url : defaultUrlTransform(url);

// Rendered without raw HTML (react-markdown's default), so a description cannot inject markup.
export function Markdown({ source }: { source: string }) {
  return (
    <div className="prose-task text-sm leading-6">
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkMentions]} components={COMPONENTS} urlTransform={urlTransform}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
