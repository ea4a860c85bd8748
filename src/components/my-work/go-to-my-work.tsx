"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { isTyping } from "~/components/shell/is-typing";

const SEQUENCE_MS = 1_000;

// "g" then "m" (within a second) opens My work.
export function GoToMyWork({ href }: { href: string }) {
  const router = useRouter();
  useEffect(() => {
    let pressedG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented) return;
      if (e.key === "g") {
        pressedG = e.timeStamp;
      } else if (e.key === "m" && pressedG && e.timeStamp - pressedG < SEQUENCE_MS) {
        pressedG = 0;
        e.preventDefault();
        router.push(href);
      } else {
        pressedG = 0;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [href, router]);
  return null;
}
