// Colours the C# blocks: fsdocs colours F# when it builds the page, but leaves other languages plain.
// highlight.js (core and its C# grammar) is served from the site itself; tether.css maps its tokens to F#'s colours.
import hljs from "./vendor/highlight/core.min.js";
import csharp from "./vendor/highlight/csharp.min.js";

hljs.registerLanguage("csharp", csharp);
for (const block of document.querySelectorAll("pre code.language-csharp")) {
    hljs.highlightElement(block);
}
