/**
 * Which files may be attached to a task, how their content is checked, and how they are named and served.
 *
 * Pure: no I/O and no Node-only APIs, so the browser (to refuse a file before uploading it) and the server
 * (to check what was actually uploaded) apply the same rules.
 */

export type AttachmentType = {
  /** Canonical MIME type stored and signed for upload, e.g. "image/png". */
  mime: string;
  /** Lower-case extensions without dot, first one canonical, e.g. ["jpg","jpeg"]. */
  extensions: readonly string[];
  /** Short human label for error messages / UI, e.g. "PNG image". */
  label: string;
  /** Raster images shown inline as thumbnails: PNG, JPEG, GIF, WebP only. */
  inline: boolean;
};

/** Number of leading bytes the server reads to check a file (4096). */
export const SNIFF_BYTES = 4096;

/** How the start of a file is recognised: `head` is at most SNIFF_BYTES long, `more` says the file goes on. */
type Check = (head: Uint8Array, more: boolean) => boolean;

const bytesOf = (ascii: string): number[] => Array.from(ascii, (c) => c.charCodeAt(0));

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((b, i) => head[offset + i] === b);
}

const magic =
  (...alternatives: (readonly number[])[]): Check =>
  (head) =>
    alternatives.some((bytes) => startsWith(head, bytes));

const RIFF = bytesOf("RIFF");
const riff =
  (form: string): Check =>
  (head) =>
    startsWith(head, RIFF) && startsWith(head, bytesOf(form), 8);

/**
 * Text: no NUL byte, and valid UTF-8. A multi-byte character cut by the end of the head is allowed only when
 * the file goes on past the head (the streaming decoder keeps an incomplete but so far valid sequence for later,
 * while any invalid byte still throws).
 */
function decodeText(head: Uint8Array, more: boolean): string | null {
  if (head.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: more });
  } catch {
    return null;
  }
}

const text: Check = (head, more) => decodeText(head, more) !== null;

const svg: Check = (head, more) => decodeText(head, more)?.toLowerCase().includes("<svg") ?? false;

const ZIP = magic([0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06]);
const ISO_MEDIA: Check = (head) => startsWith(head, bytesOf("ftyp"), 4);

type Entry = AttachmentType & { check: Check; text: boolean };

const entry = (
  mime: string,
  extensions: readonly string[],
  label: string,
  check: Check,
  options: { inline?: boolean; text?: boolean } = {},
): Entry => ({
  mime,
  extensions,
  label,
  inline: options.inline ?? false,
  check,
  text: options.text ?? false,
});

const ENTRIES: readonly Entry[] = [
  // Images
  entry("image/png", ["png"], "PNG image", magic([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { inline: true }),
  entry("image/jpeg", ["jpg", "jpeg"], "JPEG image", magic([0xff, 0xd8, 0xff]), { inline: true }),
  entry("image/gif", ["gif"], "GIF image", magic(bytesOf("GIF87a"), bytesOf("GIF89a")), { inline: true }),
  entry("image/webp", ["webp"], "WebP image", riff("WEBP"), { inline: true }),
  entry("image/svg+xml", ["svg"], "SVG image", svg, { text: true }),
  // Documents
  entry("application/pdf", ["pdf"], "PDF document", magic(bytesOf("%PDF-"))),
  entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ["docx"], "Word document", ZIP),
  entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ["xlsx"], "Excel spreadsheet", ZIP),
  entry(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ["pptx"],
    "PowerPoint presentation",
    ZIP,
  ),
  entry("application/vnd.oasis.opendocument.text", ["odt"], "OpenDocument text", ZIP),
  entry("application/vnd.oasis.opendocument.spreadsheet", ["ods"], "OpenDocument spreadsheet", ZIP),
  // Archives
  entry("application/zip", ["zip"], "ZIP archive", ZIP),
  entry("application/gzip", ["gz", "tgz"], "gzip archive", magic([0x1f, 0x8b])),
  entry("application/x-7z-compressed", ["7z"], "7-Zip archive", magic([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])),
  // Audio and video
  entry("video/mp4", ["mp4"], "MP4 video", ISO_MEDIA),
  entry("video/quicktime", ["mov"], "QuickTime video", ISO_MEDIA),
  entry("video/webm", ["webm"], "WebM video", magic([0x1a, 0x45, 0xdf, 0xa3])),
  entry("audio/mpeg", ["mp3"], "MP3 audio", magic(bytesOf("ID3"), [0xff, 0xfb], [0xff, 0xf3], [0xff, 0xf2])),
  entry("audio/wav", ["wav"], "WAV audio", riff("WAVE")),
  // Text
  entry("text/plain", ["txt", "log"], "text file", text, { text: true }),
  entry("text/markdown", ["md", "markdown"], "Markdown document", text, { text: true }),
  entry("text/csv", ["csv"], "CSV file", text, { text: true }),
  entry("text/tab-separated-values", ["tsv"], "TSV file", text, { text: true }),
  entry("application/json", ["json"], "JSON file", text, { text: true }),
  entry("application/yaml", ["yaml", "yml"], "YAML file", text, { text: true }),
  entry("application/xml", ["xml"], "XML file", text, { text: true }),
  entry("text/html", ["html", "htm"], "HTML file", text, { text: true }),
];

const CHECKS = new Map(ENTRIES.map((e) => [e.mime, e]));

/** Every type a task attachment may have. */
export const ATTACHMENT_TYPES: readonly AttachmentType[] = Object.freeze(
  ENTRIES.map(({ mime, extensions, label, inline }) =>
    Object.freeze({ mime, extensions: Object.freeze([...extensions]), label, inline }),
  ),
);

const BY_MIME = new Map(ATTACHMENT_TYPES.map((t) => [t.mime, t]));
const BY_EXTENSION = new Map(ATTACHMENT_TYPES.flatMap((t) => t.extensions.map((ext) => [ext, t] as const)));

/** The type for a file name by its extension (case-insensitive), or null when not supported. */
export function typeForName(name: string): AttachmentType | null {
  const { ext } = splitName(safeFileName(name));
  return ext ? (BY_EXTENSION.get(ext.toLowerCase()) ?? null) : null;
}

/** The type for a canonical mime string, or null. */
export function typeForMime(mime: string): AttachmentType | null {
  return BY_MIME.get(mime.trim().toLowerCase()) ?? null;
}

/**
 * True when `head` (the first up to SNIFF_BYTES bytes; the whole file when shorter) is a plausible start of a
 * file of `type`, and not an executable. An empty file matches text types only (not SVG, which needs "<svg").
 */
export function contentMatches(type: AttachmentType, head: Uint8Array, totalSize: number): boolean {
  const e = CHECKS.get(type.mime);
  if (!e) return false;
  const h = head.length > SNIFF_BYTES ? head.subarray(0, SNIFF_BYTES) : head;
  if (h.length === 0) return totalSize === 0 && e.text && e.check(h, false);
  if (isExecutable(h)) return false;
  return e.check(h, totalSize > h.length);
}

const EXECUTABLE_MAGIC: readonly (readonly number[])[] = [
  [0x4d, 0x5a], // "MZ": DOS / Windows PE
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xfe, 0xed, 0xfa, 0xce], // Mach-O 32-bit
  [0xce, 0xfa, 0xed, 0xfe], // Mach-O 32-bit, little-endian
  [0xfe, 0xed, 0xfa, 0xcf], // Mach-O 64-bit
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O 64-bit, little-endian
  [0xca, 0xfe, 0xba, 0xbf], // Mach-O universal (fat), 64-bit offsets
  [0x23, 0x21], // "#!" script
];

/** The smallest Java class file major version: a universal Mach-O has far fewer architectures than that. */
const JAVA_MIN_MAJOR_VERSION = 45;

/**
 * Windows PE ("MZ"), ELF, Mach-O (all four magic numbers, and universal "fat" binaries CAFEBABE) and shebang
 * ("#!") scripts. A Java class file also starts with CAFEBABE; it is told apart by its version (bytes 4–7, read
 * big-endian, are at least 45 for a class file and the small architecture count for a universal binary), and is
 * not counted as an executable. A CAFEBABE head too short to tell is counted as one.
 */
export function isExecutable(head: Uint8Array): boolean {
  if (EXECUTABLE_MAGIC.some((bytes) => startsWith(head, bytes))) return true;
  if (!startsWith(head, [0xca, 0xfe, 0xba, 0xbe])) return false;
  if (head.length < 8) return true;
  const version = new DataView(head.buffer, head.byteOffset, 8).getUint32(4, false);
  return version < JAVA_MIN_MAJOR_VERSION;
}

const MAX_NAME_LENGTH = 180;
/** Longest extension kept when a long name is shortened; a longer "extension" is just part of the name. */
const MAX_EXTENSION_LENGTH = 16;

function splitName(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf(".");
  const ext = dot === -1 ? "" : name.slice(dot + 1);
  const length = Array.from(ext).length;
  if (length === 0 || length > MAX_EXTENSION_LENGTH || ext.includes(" ")) return { stem: name, ext: "" };
  return { stem: name.slice(0, dot), ext };
}

const CONTROL = /[\p{Cc}\p{Cs}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A file name safe to store and to put in a header: the basename only (any path with / or \ is dropped), no
 * control or bidirectional-override characters, whitespace collapsed to single spaces, quotes and <>:"|?*
 * replaced with "_", no leading dots or spaces, no trailing dots or spaces, at most 180 characters keeping the
 * extension. Never empty: a name with nothing before its extension becomes "file.<ext>", and one with nothing
 * at all "file". Unicode letters are kept (in NFC form). Applying it twice changes nothing.
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/\s/gu, " ")
    .replace(CONTROL, "")
    .replace(/[<>:"'|?*]/g, "_");
  const base =
    cleaned
      .split(/[/\\]/)
      .map((part) => part.replace(/ {2,}/g, " ").trim())
      .filter((part) => part !== "")
      .pop() ?? "";
  const { stem: rawStem, ext } = splitName(base.replace(/[. ]+$/u, ""));
  let stem = rawStem.replace(/^[. ]+/u, "") || "file";
  const suffix = ext ? `.${ext}` : "";
  const chars = Array.from(stem);
  const room = MAX_NAME_LENGTH - Array.from(suffix).length;
  if (chars.length > room) {
    stem = chars.slice(0, room).join("");
    if (!suffix) stem = stem.replace(/[. ]+$/u, "");
  }
  return stem + suffix;
}

const encodeRfc5987 = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * RFC 6266 / RFC 5987 Content-Disposition: `${kind}; filename="<ascii fallback>"; filename*=UTF-8''<percent-encoded>`.
 * The name is first made safe with safeFileName; the ASCII fallback replaces non-ASCII characters and `"`, `\`
 * with "_".
 */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const safe = safeFileName(name);
  const fallback = Array.from(safe, (c) => (c >= " " && c <= "~" && c !== '"' && c !== "\\" ? c : "_")).join("");
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}

/** Types a browser could run script in or render as a page from our origin. */
function isActiveContent(mime: string): boolean {
  return (
    mime === "text/html" ||
    mime === "application/xhtml+xml" ||
    mime.endsWith("/xml") ||
    mime.endsWith("+xml") ||
    mime.includes("javascript") ||
    mime.includes("ecmascript")
  );
}

/**
 * Content-Type to serve a stored file with: the mime for inline images; "application/octet-stream" for anything
 * a browser could render as active content (HTML, SVG, XML, JavaScript); the canonical mime otherwise, with
 * "; charset=utf-8" for text/* types (their content was checked to be UTF-8). Serve with
 * `X-Content-Type-Options: nosniff` so browsers do not second-guess it.
 */
export function servedContentType(type: AttachmentType): string {
  if (type.inline) return type.mime;
  if (isActiveContent(type.mime)) return "application/octet-stream";
  if (type.mime.startsWith("text/")) return `${type.mime}; charset=utf-8`;
  return type.mime;
}

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/**
 * A readable size: 0 B, 999 B, 1.5 KB, 10 MB (base 1024, one decimal when < 10). Negative or non-finite input
 * reads as 0 B.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "0 B";
  if (Math.round(bytes) < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
    const tenths = Math.round(value * 10) / 10;
    if (tenths < 10) return `${tenths.toFixed(1)} ${UNITS[unit]}`;
    const whole = Math.round(value);
    if (whole < 1024 || unit === UNITS.length - 1) return `${whole} ${UNITS[unit]}`;
  }
  return `${Math.round(value)} ${UNITS[unit]}`;
}
