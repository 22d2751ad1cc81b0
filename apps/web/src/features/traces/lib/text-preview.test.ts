import { describe, expect, it } from "vitest";
import { textPreview } from "./text-preview";

describe("textPreview", () => {
  it("shows short text whole", () => {
    expect(textPreview("short", 10, 3)).toBeNull();
    expect(textPreview("a\nb\n", 10, 2)).toBeNull();
  });

  it("cuts long text at the character limit", () => {
    expect(textPreview("abcdefghijkl", 10, 3)).toBe("abcdefghij");
  });

  it("cuts many short lines at the line limit", () => {
    expect(textPreview("1\n2\n3\n4\n5", 100, 3)).toBe("1\n2\n3");
  });
});
