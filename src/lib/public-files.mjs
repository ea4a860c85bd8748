// @ts-check
// The files in public/, served as they are: next.config.mjs gives them their cache headers and
// src/proxy.ts leaves them alone. A test checks this list against the folder.
export const PUBLIC_FILES = [
  "favicon.ico",
  "icon.svg",
  "icon-192.png",
  "icon-512.png",
  "icon-maskable-512.png",
  "apple-touch-icon.png",
  "manifest.webmanifest",
  "robots.txt",
];
