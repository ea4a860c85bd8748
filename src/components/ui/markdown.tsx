"use client";

import { createContext, useContext, type ComponentProps } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { localImagePath } from "~/lib/safe-url";

// Inside a link an image cannot become one (a link in a link is not valid HTML); it becomes its text.
const InLink = createContext(false);

function MarkdownLink(props: ComponentProps<"a"> & { node?: unknown }) {
  const { node: _node, ...rest } = props;
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

// Rendered without raw HTML (react-markdown's default), so a description cannot inject markup.
export function Markdown({ source }: { source: string }) {
  return (
    <div className="prose-task text-sm leading-6">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={COMPONENTS}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
