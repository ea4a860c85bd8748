import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Toaster } from "~/components/ui/sonner-lazy";
import { TRPCReactProvider } from "~/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Taskmanager", template: "%s · Taskmanager" },
  description: "Plan your team's work as tasks on a list and on a board.",
  // Files in public/; the ICO is for browsers and tools that ask for /favicon.ico without reading the page.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "32x32" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
  },
  manifest: "/manifest.webmanifest",
};

// The browser's toolbar takes the page's background colour in each scheme (globals.css: white, zinc-950).
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get("theme")?.value;
  const themeClass = theme === "light" || theme === "dark" ? theme : undefined;
  return (
    <html lang="en" className={themeClass}>
      <body className="min-h-screen bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <Toaster richColors closeButton position="bottom-right" />
      </body>
    </html>
  );
}
