import { describe, expect, it } from "vitest";
import {
  ATTACHMENT_TYPES,
  type AttachmentType,
  SNIFF_BYTES,
  contentDisposition,
  contentMatches,
  formatBytes,
  isExecutable,
  safeFileName,
  servedContentType,
  typeForMime,
  typeForName,
} from "./file-types";

/** Bytes from strings (UTF-8) and byte arrays, one after the other. */
function bytes(...parts: (string | readonly number[] | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === "string" ? new TextEncoder().encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** `head` followed by NUL bytes up to `length`. */
function padded(head: Uint8Array, length = 64): Uint8Array {
  const out = new Uint8Array(Math.max(length, head.length));
  out.set(head);
  return out;
}

function typeOf(name: string): AttachmentType {
  const type = typeForName(name);
  if (!type) throw new Error(`no type for ${name}`);
  return type;
}

/** Whether a whole file named `name` with content `file` is accepted, as the server would check it. */
function accepts(name: string, file: Uint8Array): boolean {
  return contentMatches(typeOf(name), file.subarray(0, SNIFF_BYTES), file.length);
}

const PNG = padded(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], "IHDR"));
const JPEG = padded(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF"));
const PDF = bytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n");
const ZIP = padded(bytes("PK", [0x03, 0x04, 0x14, 0x00]));
const WAV = padded(bytes("RIFF", [0x24, 0x08, 0, 0], "WAVEfmt "));
const WEBP = padded(bytes("RIFF", [0x24, 0x08, 0, 0], "WEBPVP8 "));
const MZ = padded(bytes("MZ", [0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]), 256);
const ELF = padded(bytes([0x7f], "ELF", [0x02, 0x01, 0x01]));

describe("the attachment types", () => {
  it("lists each mime and each extension once, extensions in lower case without a dot", () => {
    const mimes = ATTACHMENT_TYPES.map((t) => t.mime);
    const extensions = ATTACHMENT_TYPES.flatMap((t) => t.extensions);
    expect(new Set(mimes).size).toBe(mimes.length);
    expect(new Set(extensions).size).toBe(extensions.length);
    for (const ext of extensions) expect(ext).toMatch(/^[a-z0-9]+$/);
    for (const type of ATTACHMENT_TYPES) {
      expect(type.extensions.length).toBeGreaterThan(0);
      expect(type.label).not.toBe("");
    }
  });

  it("shows only PNG, JPEG, GIF and WebP inline", () => {
    expect(
      ATTACHMENT_TYPES.filter((t) => t.inline)
        .map((t) => t.mime)
        .sort(),
    ).toEqual(["image/gif", "image/jpeg", "image/png", "image/webp"]);
    expect(typeForName("logo.svg")?.inline).toBe(false);
  });

  it("finds every type by each of its extensions and by its mime", () => {
    for (const type of ATTACHMENT_TYPES) {
      for (const ext of type.extensions) expect(typeForName(`file.${ext}`)).toBe(type);
      expect(typeForMime(type.mime)).toBe(type);
    }
  });

  it("uses the official mime types", () => {
    expect(typeOf("a.docx").mime).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(typeOf("a.xlsx").mime).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(typeOf("a.pptx").mime).toBe("application/vnd.openxmlformats-officedocument.presentationml.presentation");
    expect(typeOf("a.odt").mime).toBe("application/vnd.oasis.opendocument.text");
    expect(typeOf("a.ods").mime).toBe("application/vnd.oasis.opendocument.spreadsheet");
    expect(typeOf("a.mp4").mime).toBe("video/mp4");
    expect(typeOf("a.mov").mime).toBe("video/quicktime");
    expect(typeOf("a.md").mime).toBe("text/markdown");
    expect(typeOf("a.markdown").mime).toBe("text/markdown");
    expect(typeOf("a.yml").mime).toBe("application/yaml");
    expect(typeOf("a.htm").mime).toBe("text/html");
    expect(typeOf("a.log").mime).toBe("text/plain");
    expect(typeOf("a.tgz").mime).toBe("application/gzip");
    expect(typeOf("a.svg").mime).toBe("image/svg+xml");
  });

  it("reads the extension case-insensitively, from the last dot of the file name", () => {
    expect(typeForName("PHOTO.JPG")?.mime).toBe("image/jpeg");
    expect(typeForName("Scan.Jpeg")?.mime).toBe("image/jpeg");
    expect(typeForName("backup.tar.gz")?.mime).toBe("application/gzip");
    expect(typeForName("docs/notes.MD")?.mime).toBe("text/markdown");
    expect(typeForName("C:\\Users\\me\\report.pdf")?.mime).toBe("application/pdf");
  });

  it("knows no type for an unsupported extension or a name without one", () => {
    expect(typeForName("setup.exe")).toBeNull();
    expect(typeForName("photo.png.exe")).toBeNull();
    expect(typeForName("script.sh")).toBeNull();
    expect(typeForName("page.php")).toBeNull();
    expect(typeForName("README")).toBeNull();
    expect(typeForName("")).toBeNull();
    expect(typeForName("photo.png/evil")).toBeNull();
  });

  it("knows only canonical mime types", () => {
    expect(typeForMime("image/png")?.extensions).toEqual(["png"]);
    expect(typeForMime("IMAGE/PNG")?.mime).toBe("image/png");
    expect(typeForMime("image/jpg")).toBeNull();
    expect(typeForMime("application/x-msdownload")).toBeNull();
    expect(typeForMime("")).toBeNull();
  });
});

describe("checking a file's content against its type", () => {
  it.each([
    ["photo.png", PNG],
    ["photo.jpg", JPEG],
    ["photo.jpeg", JPEG],
    ["anim.gif", padded(bytes("GIF87a", [1, 0, 1, 0]))],
    ["anim.gif", padded(bytes("GIF89a", [1, 0, 1, 0]))],
    ["photo.webp", WEBP],
    ["doc.pdf", PDF],
    ["files.zip", ZIP],
    ["empty.zip", padded(bytes("PK", [0x05, 0x06]), 22)],
    ["letter.docx", ZIP],
    ["budget.xlsx", ZIP],
    ["slides.pptx", ZIP],
    ["letter.odt", ZIP],
    ["budget.ods", ZIP],
    ["logs.gz", padded(bytes([0x1f, 0x8b, 0x08, 0x00]))],
    ["src.tgz", padded(bytes([0x1f, 0x8b, 0x08, 0x00]))],
    ["files.7z", padded(bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]))],
    ["clip.mp4", padded(bytes([0, 0, 0, 0x20], "ftypisom", [0, 0, 2, 0], "isomiso2"))],
    ["clip.mov", padded(bytes([0, 0, 0, 0x14], "ftypqt  ", [0, 0, 2, 0], "qt  "))],
    ["clip.webm", padded(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]))],
    ["song.mp3", padded(bytes("ID3", [0x04, 0x00]))],
    ["song.mp3", padded(bytes([0xff, 0xfb, 0x90, 0x64]))],
    ["song.mp3", padded(bytes([0xff, 0xf3, 0x90, 0x64]))],
    ["song.mp3", padded(bytes([0xff, 0xf2, 0x90, 0x64]))],
    ["sound.wav", WAV],
  ])("accepts %s with its own signature", (name, file) => {
    expect(accepts(name, file)).toBe(true);
  });

  it("refuses content of another type than the name says", () => {
    expect(accepts("doc.pdf", PNG)).toBe(false);
    expect(accepts("photo.png", PDF)).toBe(false);
    expect(accepts("photo.jpg", PNG)).toBe(false);
    expect(accepts("photo.webp", WAV)).toBe(false);
    expect(accepts("sound.wav", WEBP)).toBe(false);
    expect(accepts("files.zip", PDF)).toBe(false);
    expect(accepts("letter.docx", bytes("Dear team,\n"))).toBe(false);
    expect(accepts("clip.mp4", padded(bytes([0, 0, 0, 0x20], "moov")))).toBe(false);
    expect(accepts("song.mp3", padded(bytes([0xff, 0xd8, 0xff])))).toBe(false);
  });

  it("refuses a signature cut short", () => {
    expect(accepts("photo.png", PNG.subarray(0, 4))).toBe(false);
    expect(accepts("anim.gif", bytes("GIF8"))).toBe(false);
    expect(accepts("photo.webp", WEBP.subarray(0, 10))).toBe(false);
    expect(accepts("photo.png", new Uint8Array(0))).toBe(false);
  });

  it("refuses an executable whatever its name, even a text one", () => {
    expect(accepts("photo.png", MZ)).toBe(false);
    expect(accepts("notes.txt", bytes("MZ is a two-letter code\n"))).toBe(false);
    expect(accepts("photo.png", ELF)).toBe(false);
    expect(accepts("notes.txt", bytes("#!/bin/sh\nrm -rf ~\n"))).toBe(false);
    expect(accepts("readme.md", bytes("#!/usr/bin/env node\nconsole.log(1)\n"))).toBe(false);
    expect(accepts("data.json", bytes("#!/usr/bin/env python3\n"))).toBe(false);
  });

  it("checks only the first SNIFF_BYTES bytes when given more", () => {
    expect(SNIFF_BYTES).toBe(4096);
    const file = bytes("a".repeat(SNIFF_BYTES), [0xff]);
    expect(contentMatches(typeOf("a.txt"), file, file.length)).toBe(true);
  });
});

describe("recognising executables", () => {
  it.each([
    ["Windows PE", MZ],
    ["ELF", ELF],
    ["Mach-O 32-bit", padded(bytes([0xfe, 0xed, 0xfa, 0xce, 0, 0, 0, 7]))],
    ["Mach-O 32-bit little-endian", padded(bytes([0xce, 0xfa, 0xed, 0xfe, 7, 0, 0, 0]))],
    ["Mach-O 64-bit", padded(bytes([0xfe, 0xed, 0xfa, 0xcf, 0x01, 0, 0, 7]))],
    ["Mach-O 64-bit little-endian", padded(bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 0x01]))],
    ["universal Mach-O", padded(bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2, 0x01, 0, 0, 7]))],
    ["universal Mach-O with 64-bit offsets", padded(bytes([0xca, 0xfe, 0xba, 0xbf, 0, 0, 0, 2]))],
    ["CAFEBABE too short to tell", bytes([0xca, 0xfe, 0xba, 0xbe])],
    ["shell script", bytes("#!/bin/sh\n")],
    ["env script", bytes("#!/usr/bin/env node\n")],
  ])("counts a %s as an executable", (_, head) => {
    expect(isExecutable(head)).toBe(true);
  });

  it("tells a Java class file from a universal Mach-O binary by its version", () => {
    // minor 0, major 65 (Java 21)
    expect(isExecutable(padded(bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 65])))).toBe(false);
  });

  it("does not count ordinary files", () => {
    for (const head of [PNG, JPEG, PDF, ZIP, WAV, bytes("# Title\n"), bytes("M"), new Uint8Array(0)]) {
      expect(isExecutable(head)).toBe(false);
    }
  });

  it("reads a head that is a view into a larger buffer", () => {
    const buffer = bytes("xxxx", [0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 65]);
    expect(isExecutable(buffer.subarray(4))).toBe(false);
    expect(isExecutable(bytes([0, 0], MZ).subarray(2))).toBe(true);
  });
});

describe("checking text files", () => {
  it("accepts ASCII and UTF-8 text, with or without a byte order mark", () => {
    expect(accepts("notes.txt", bytes("Hello, world\n"))).toBe(true);
    expect(accepts("notes.md", bytes("# Überblick — 会议 ✓ 😀\n"))).toBe(true);
    expect(accepts("data.csv", bytes([0xef, 0xbb, 0xbf], "name,amount\nÅsa,3\n"))).toBe(true);
    expect(accepts("data.tsv", bytes("a\tb\n"))).toBe(true);
    expect(accepts("data.json", bytes('{"a":1}'))).toBe(true);
    expect(accepts("config.yaml", bytes("a: 1\n"))).toBe(true);
    expect(accepts("feed.xml", bytes('<?xml version="1.0"?><a/>'))).toBe(true);
    expect(accepts("page.html", bytes("<!doctype html><p>hi</p>"))).toBe(true);
  });

  it("refuses invalid UTF-8", () => {
    expect(accepts("notes.txt", bytes("bad ", [0xc3, 0x28], " byte"))).toBe(false);
    expect(accepts("notes.txt", bytes("caf", [0xe9], "\n"))).toBe(false); // Latin-1
    expect(accepts("notes.txt", bytes("end", [0xff]))).toBe(false);
    expect(accepts("notes.txt", bytes("surrogate ", [0xed, 0xa0, 0x80]))).toBe(false);
  });

  it("refuses a NUL byte", () => {
    expect(accepts("data.csv", bytes("a,b\n1,", [0], "\n"))).toBe(false);
    // UTF-16 text has NUL bytes in it.
    expect(accepts("notes.txt", bytes([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]))).toBe(false);
  });

  it("accepts a multi-byte character cut by the end of the head of a longer file", () => {
    for (const char of ["é", "€", "😀"]) {
      const encoded = new TextEncoder().encode(char);
      for (let cut = 1; cut < encoded.length; cut += 1) {
        const file = bytes("a".repeat(SNIFF_BYTES - cut), encoded, "tail\n");
        const head = file.subarray(0, SNIFF_BYTES);
        expect(head.length).toBe(SNIFF_BYTES);
        expect(contentMatches(typeOf("log.txt"), head, file.length)).toBe(true);
        // The same bytes as the whole file end in the middle of a character.
        expect(contentMatches(typeOf("log.txt"), head, head.length)).toBe(false);
      }
    }
  });

  it("still refuses an invalid byte at the end of the head of a longer file", () => {
    const type = typeOf("log.txt");
    for (const tail of [[0xff], [0xc0], [0xe0, 0x80], [0xf4, 0x90], [0xc3, 0x28]]) {
      const head = bytes("a".repeat(SNIFF_BYTES - tail.length), tail);
      expect(contentMatches(type, head, SNIFF_BYTES * 2)).toBe(false);
    }
  });

  it("accepts an empty file for text types only", () => {
    const empty = new Uint8Array(0);
    for (const name of ["a.txt", "a.md", "a.csv", "a.json", "a.yaml", "a.xml", "a.html"]) {
      expect(contentMatches(typeOf(name), empty, 0)).toBe(true);
    }
    for (const name of ["a.png", "a.pdf", "a.zip", "a.mp3", "a.svg"]) {
      expect(contentMatches(typeOf(name), empty, 0)).toBe(false);
    }
    // No bytes to check although the file has some.
    expect(contentMatches(typeOf("a.txt"), empty, 10)).toBe(false);
  });

  it("accepts SVG only with an <svg element in the head", () => {
    expect(accepts("logo.svg", bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(true);
    expect(accepts("logo.svg", bytes('<?xml version="1.0"?>\n<!-- logo -->\n<SVG viewBox="0 0 1 1"></SVG>'))).toBe(
      true,
    );
    expect(accepts("logo.svg", bytes("<html><body>not an image</body></html>"))).toBe(false);
    expect(accepts("logo.svg", PNG)).toBe(false);
    expect(accepts("logo.svg", bytes("<svg>", [0], "</svg>"))).toBe(false);
    expect(accepts("logo.svg", bytes("<!--", "x".repeat(SNIFF_BYTES), "--><svg/>"))).toBe(false);
  });
});

describe("safe file names", () => {
  const cases: [string, string][] = [
    ["report.pdf", "report.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\x\\evil.exe", "evil.exe"],
    ["/var/tmp/", "tmp"],
    ["a\u0000b\u0007c\u007f\u009b.txt", "abc.txt"],
    ["line\nbreak\ttab\r.txt", "line break tab .txt"],
    ["  many   spaces \u00a0 here.txt  ", "many spaces here.txt"],
    ['say "hi" <now>: a|b?c*.txt', "say _hi_ _now__ a_b_c_.txt"],
    ["it's.txt", "it_s.txt"],
    ["invoice\u202egpj.exe", "invoicegpj.exe"],
    ["re\u0301sume\u0301.pdf", "résumé.pdf"],
    ["Überprüfung 会议记录 Ωμέγα.docx", "Überprüfung 会议记录 Ωμέγα.docx"],
    ["a\ud800b.txt", "ab.txt"],
    ["report.pdf. . ", "report.pdf"],
    ["...hidden.txt", "hidden.txt"],
    [".htaccess", "file.htaccess"],
    ["..\\..\\.env", "file.env"],
    ["\u0001.pdf", "file.pdf"],
    ["", "file"],
    ["   ", "file"],
    ["...", "file"],
    ["/", "file"],
  ];

  it.each(cases)("makes %j into %j", (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });

  it("never starts with a dot", () => {
    expect(safeFileName(".htaccess").startsWith(".")).toBe(false);
    expect(safeFileName(". .bashrc").startsWith(".")).toBe(false);
  });

  it("shortens a long name to 180 characters, keeping the extension", () => {
    const long = safeFileName(`${"a".repeat(300)}.pdf`);
    expect(long).toBe(`${"a".repeat(176)}.pdf`);
    expect(safeFileName("b".repeat(300))).toBe("b".repeat(180));
    const emoji = safeFileName(`${"😀".repeat(300)}.png`);
    expect(Array.from(emoji)).toHaveLength(180);
    expect(emoji.endsWith("😀.png")).toBe(true);
    expect(emoji.isWellFormed()).toBe(true);
    // An "extension" too long to be one is cut like the rest of the name.
    expect(Array.from(safeFileName(`x.${"y".repeat(300)}`))).toHaveLength(180);
  });

  it("changes nothing the second time", () => {
    const names = [...cases.map(([name]) => name), `${"a".repeat(300)}.pdf`, `${"a ".repeat(200)}`, "x.".repeat(150)];
    for (const name of names) {
      const once = safeFileName(name);
      expect(safeFileName(once)).toBe(once);
      expect(once).not.toMatch(/[\u0000-\u001f\u007f"\\/<>:|?*]/);
      expect(once.trim()).toBe(once);
    }
  });
});

describe("Content-Disposition", () => {
  it("gives an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition("attachment", 'résumé "final".pdf')).toBe(
      `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20_final_.pdf`,
    );
    expect(contentDisposition("inline", "photo.png")).toBe(`inline; filename="photo.png"; filename*=UTF-8''photo.png`);
    expect(contentDisposition("attachment", "😀.png")).toBe(
      `attachment; filename="_.png"; filename*=UTF-8''%F0%9F%98%80.png`,
    );
  });

  it("percent-encodes the characters RFC 5987 does not allow bare", () => {
    expect(contentDisposition("attachment", "notes (1).txt")).toBe(
      `attachment; filename="notes (1).txt"; filename*=UTF-8''notes%20%281%29.txt`,
    );
  });

  it("cannot be used to add a header or a path", () => {
    const value = contentDisposition("attachment", "../a\r\nSet-Cookie: x=1\\b.txt");
    expect(value).toBe(`attachment; filename="b.txt"; filename*=UTF-8''b.txt`);
    const injected = contentDisposition("inline", 'x";\r\nSet-Cookie: a=1.png');
    expect(injected).not.toMatch(/[\r\n]/);
    expect(() => new Headers({ "content-disposition": injected })).not.toThrow();
  });
});

describe("the Content-Type a file is served with", () => {
  it("serves inline images as themselves", () => {
    expect(servedContentType(typeOf("a.png"))).toBe("image/png");
    expect(servedContentType(typeOf("a.jpg"))).toBe("image/jpeg");
    expect(servedContentType(typeOf("a.gif"))).toBe("image/gif");
    expect(servedContentType(typeOf("a.webp"))).toBe("image/webp");
  });

  it("serves what a browser could run as a page or script as a download", () => {
    expect(servedContentType(typeOf("a.html"))).toBe("application/octet-stream");
    expect(servedContentType(typeOf("a.htm"))).toBe("application/octet-stream");
    expect(servedContentType(typeOf("a.svg"))).toBe("application/octet-stream");
    expect(servedContentType(typeOf("a.xml"))).toBe("application/octet-stream");
    for (const type of ATTACHMENT_TYPES) {
      expect(servedContentType(type)).not.toMatch(/^text\/html|^application\/xhtml|[/+]xml$|javascript|ecmascript/);
    }
  });

  it("serves the rest with its mime, text as UTF-8", () => {
    expect(servedContentType(typeOf("a.txt"))).toBe("text/plain; charset=utf-8");
    expect(servedContentType(typeOf("a.csv"))).toBe("text/csv; charset=utf-8");
    expect(servedContentType(typeOf("a.md"))).toBe("text/markdown; charset=utf-8");
    expect(servedContentType(typeOf("a.pdf"))).toBe("application/pdf");
    expect(servedContentType(typeOf("a.json"))).toBe("application/json");
    expect(servedContentType(typeOf("a.mp4"))).toBe("video/mp4");
    expect(servedContentType(typeOf("a.docx"))).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
  });
});

describe("readable sizes", () => {
  it.each([
    [0, "0 B"],
    [1, "1 B"],
    [999, "999 B"],
    [1023, "1023 B"],
    [1024, "1.0 KB"],
    [1536, "1.5 KB"],
    [10 * 1024 - 1, "10 KB"],
    [10 * 1024, "10 KB"],
    [123_456, "121 KB"],
    [1024 * 1024 - 1, "1.0 MB"],
    [10 * 1024 * 1024, "10 MB"],
    [1.5 * 1024 ** 3, "1.5 GB"],
    [5 * 1024 ** 4, "5.0 TB"],
    [-1, "0 B"],
    [Number.NaN, "0 B"],
  ])("writes %d bytes as %s", (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});
