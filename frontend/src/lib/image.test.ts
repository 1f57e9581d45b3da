import { describe, expect, it } from "vitest";
import { fitWithin, resizeImageToDataUrl } from "./image";

describe("fitWithin", () => {
  it("scales the longer side down to the limit and keeps the aspect ratio", () => {
    expect(fitWithin(4000, 3000, 1000)).toEqual({ width: 1000, height: 750 });
    expect(fitWithin(600, 2400, 1200)).toEqual({ width: 300, height: 1200 });
  });

  it("never scales a small image up", () => {
    expect(fitWithin(320, 200, 1024)).toEqual({ width: 320, height: 200 });
  });
});

describe("resizeImageToDataUrl", () => {
  it("refuses a file that is not an image, naming it", async () => {
    const file = new File(["hello"], "notes.txt", { type: "text/plain" });
    await expect(resizeImageToDataUrl(file)).rejects.toThrow('"notes.txt" is not an image');
  });
});
