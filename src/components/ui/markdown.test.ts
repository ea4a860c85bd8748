import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { localImagePath } from "~/lib/safe-url";
import { Markdown } from "./markdown";

const render = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe("Markdown images", () => {
  it("load from this site", () => {
    expect(render("![diagram](/uploads/diagram.png)")).toContain('<img src="/uploads/diagram.png" alt="diagram"/>');
    expect(render("![d](diagram.png?v=2)")).toContain('<img src="/diagram.png?v=2" alt="d"/>');
    // Markdown percent-encodes a backslash in a URL, so "/\host" is a path here, not another host.
    expect(render("![d](/\\tracker.example/p.png)")).toContain('<img src="/%5Ctracker.example/p.png" alt="d"/>');
  });

  it.each([
    "https://tracker.example/pixel.png",
    "http://tracker.example/pixel.png",
    "//tracker.example/pixel.png",
    "/.//tracker.example/pixel.png",
    "HTTPS://TRACKER.EXAMPLE/p.png",
  ])("from another site (%s) become a link to the image, never an <img>", (src) => {
    const html = render(`See ![the chart](${src}) here`);
    expect(html).not.toContain("<img");
    expect(html).toMatch(
      /<a href="[^"]*tracker\.example[^"]*" rel="noopener noreferrer nofollow"[^>]*>the chart<\/a>/i,
    );
  });

  it("from another site inside a link become text, not a link in a link", () => {
    const html = render("[![badge](https://tracker.example/b.svg)](https://ci.example/build)");
    expect(html).not.toContain("<img");
    expect(html).toBe(
      '<div class="prose-task text-sm leading-6"><p><a href="https://ci.example/build"><span>badge</span></a></p></div>',
    );
  });

  it("with a script or data URL render as their text only", () => {
    for (const src of ["javascript:alert(1)", "data:image/png;base64,AAAA"]) {
      const html = render(`![x](${src})`);
      expect(html).not.toContain("<img");
      expect(html).not.toContain(src.slice(0, 10));
    }
  });

  it("keeps the link rendering of ordinary links", () => {
    expect(render("[docs](https://docs.example/)")).toContain('<a href="https://docs.example/">docs</a>');
  });
});

describe("localImagePath", () => {
  it("accepts only relative references", () => {
    expect(localImagePath("/a.png")).toBe("/a.png");
    expect(localImagePath("a.png")).toBe("/a.png");
    expect(localImagePath("https://example.com/a.png")).toBeNull();
    expect(localImagePath("//example.com/a.png")).toBeNull();
    expect(localImagePath("/\t/example.com/a.png")).toBeNull();
  });
});

describe("Markdown mentions", () => {
  it("render as a chip with the person's name, not a link", () => {
    const html = render("Thanks @[Ada Lovelace](user:cm1ada) for the review");
    expect(html).toContain(">@Ada Lovelace</span>");
    expect(html).toContain('data-user-id="cm1ada"');
    expect(html).not.toContain("<a");
    expect(html).not.toContain("@@");
    expect(html).toContain("<p>Thanks <span");
  });

  it("keep the chip for a mention at the start, and several in one line", () => {
    const html = render("@[Ada](user:a1) and @[Bob Baker](user:b2)");
    expect(html).toContain(">@Ada</span> and <span");
    expect(html).toContain(">@Bob Baker</span>");
  });

  it("leave other unknown protocols blanked, and ordinary links as links", () => {
    expect(render("[x](javascript:alert(1))")).not.toContain("javascript");
    expect(render("[me](user:not valid)")).not.toContain("mention");
    expect(render("[docs](https://docs.example/)")).toContain('<a href="https://docs.example/">docs</a>');
  });
});
