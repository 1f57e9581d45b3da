import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

function render(markdown: string, allowHtml = true, numbers?: Map<number, number>): HTMLElement {
  const host = document.createElement("div");
  host.innerHTML = renderMarkdown(markdown, { allowHtml, citationNumbers: numbers });
  return host;
}

describe("renderMarkdown", () => {
  it("renders a GitHub-flavoured table", () => {
    const host = render("| Name | Qty |\n| --- | --- |\n| Apple | 3 |\n");
    expect([...host.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["Name", "Qty"]);
    expect(host.querySelector("td")?.textContent).toBe("Apple");
  });

  it("highlights a fenced code block by its language and keeps < and & literal", () => {
    const host = render("```python\nif a < b and c & d:\n    print('x')\n```\n");
    const code = host.querySelector("pre code");
    expect(code?.classList.contains("language-python")).toBe(true);
    expect(code?.querySelector(".hljs-keyword")).not.toBeNull();
    expect(code?.textContent).toContain("if a < b and c & d:");
  });

  it("renders lists", () => {
    const host = render("- one\n- two\n\n1. first\n");
    expect(host.querySelectorAll("ul li")).toHaveLength(2);
    expect(host.querySelectorAll("ol li")).toHaveLength(1);
  });

  it.each([true, false])("never lets script or event handlers through (html allowed: %s)", (allowHtml) => {
    const host = render(
      '<img src=x onerror="alert(1)"><script>alert(2)</script>\n\n[click](javascript:alert(3)) <a href="javascript:alert(4)">x</a>',
      allowHtml,
    );
    expect(host.querySelector("script")).toBeNull();
    expect(host.querySelector("[onerror]")).toBeNull();
    for (const link of host.querySelectorAll("a")) expect(link.getAttribute("href") ?? "").not.toMatch(/javascript:/i);
  });

  it("renders allowed HTML when html is allowed, and shows it as text otherwise", () => {
    expect(render("H<sub>2</sub>O", true).querySelector("sub")?.textContent).toBe("2");
    const escaped = render("H<sub>2</sub>O", false);
    expect(escaped.querySelector("sub")).toBeNull();
    expect(escaped.textContent).toContain("H<sub>2</sub>O");
  });

  it("turns [docN] markers into numbered citation buttons, but not inside code", () => {
    const host = render("Leave is 20 days [doc2].\n\n`[doc2]`", true, new Map([[1, 1]]));
    const buttons = host.querySelectorAll("button.citation-marker");
    expect(buttons).toHaveLength(1);
    expect(buttons[0]?.textContent).toBe("1");
    expect(buttons[0]?.getAttribute("data-citation-index")).toBe("1");
    expect(host.querySelector("code")?.textContent).toBe("[doc2]");
  });

  it("opens links in a new tab without handing over the page", () => {
    const link = render("[docs](https://example.com)").querySelector("a");
    expect(link?.getAttribute("target")).toBe("_blank");
    expect(link?.getAttribute("rel")).toBe("noopener noreferrer");
  });
});
