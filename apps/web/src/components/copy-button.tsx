"use client";

import { useState } from "react";
import { Button } from "./button";

/** Copies `value` to the clipboard and says so for a moment. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access can be denied (http origin, permissions): the value stays selectable.
      setCopied(false);
    }
  }
  return (
    <Button variant="secondary" size="sm" onClick={copy} aria-label={`${label}: copy to clipboard`}>
      {copied ? "Copied" : label}
    </Button>
  );
}
