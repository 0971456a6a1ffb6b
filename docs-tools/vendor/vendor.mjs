// Copies what the docs pages load into docs/content/vendor, so the site is served whole from output/ and needs no
// network: `npm ci && node vendor.mjs` here, then commit docs/content/vendor. The versions are package.json's.
// - lit (fsdocs' theme and details toggles), mapped by the import map in docs/_template.html;
// - fuse.js (fsdocs' search);
// - iconify-icon, with the icons the pages name preloaded (icons.js), so it never asks the Iconify API;
// - highlight.js with its C# grammar, for the C# blocks (fsdocs colours F# at build time, not C#).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "..", "docs", "content", "vendor");
rmSync(out, { recursive: true, force: true });

// Licence files keep an extension, so that the site's folder holds only web files.
function copy(from, to) {
  if (/(^|\/)(LICENSE|license\.txt)$/.test(to)) to = to.replace(/(LICENSE|license\.txt)$/, "LICENSE.txt");
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(join(modules, from), join(out, to));
}

for (const [pkg, files] of Object.entries({
  "lit": ["index.js", "LICENSE"],
  "lit-element": ["lit-element.js", "LICENSE"],
  "lit-html": ["lit-html.js", "is-server.js", "LICENSE"],
  "@lit/reactive-element": ["reactive-element.js", "css-tag.js", "LICENSE"],
})) {
  for (const file of files) copy(join(pkg, file), join("lit", pkg.replace("@lit/", ""), file));
}
copy("fuse.js/dist/fuse.min.mjs", "fuse/fuse.min.mjs");
copy("fuse.js/LICENSE", "fuse/LICENSE");
copy("iconify-icon/dist/iconify-icon.min.js", "iconify/iconify-icon.min.js");
copy("iconify-icon/license.txt", "iconify/LICENSE");
copy("@highlightjs/cdn-assets/es/core.min.js", "highlight/core.min.js");
copy("@highlightjs/cdn-assets/es/languages/csharp.min.js", "highlight/csharp.min.js");
copy("@highlightjs/cdn-assets/LICENSE", "highlight/LICENSE");

// The icons fsdocs' template, its scripts and its reference pages name, and no others.
const icons = {
  basil: ["moon-solid", "sun-solid"],
  bi: ["filetype-md", "filetype-xml"],
  bxs: ["file-doc"],
  carbon: ["search", "collapse-categories", "expand-categories"],
  eva: ["menu-fill"],
  iconoir: ["page"],
  mi: ["close"],
  ri: ["github-fill"],
  uil: ["github"],
};
const collections = Object.entries(icons).map(([prefix, names]) => {
  const set = JSON.parse(readFileSync(join(modules, "@iconify-json", prefix, "icons.json"), "utf8"));
  const picked = Object.fromEntries(names.map((name) => {
    if (!set.icons[name]) throw new Error(`${prefix}:${name} is not in @iconify-json/${prefix}`);
    return [name, set.icons[name]];
  }));
  return { prefix, width: set.width, height: set.height, icons: picked };
});
// Each set has its own licence (CC BY 4.0 asks for attribution, Apache 2.0 for the licence with every copy): its name,
// author and licence, from the set's info.json, go beside the icons.
writeFileSync(join(out, "iconify", "ICONS-LICENSES.txt"),
  "The icons in icons.js are copied from these Iconify icon sets, each under its own licence:\n\n" +
  Object.keys(icons).map((prefix) => {
    const info = JSON.parse(readFileSync(join(modules, "@iconify-json", prefix, "info.json"), "utf8"));
    const author = info.author.url ? `${info.author.name} (${info.author.url})` : info.author.name;
    const licence = info.license.url ? `${info.license.spdx}, ${info.license.url}` : info.license.spdx;
    return `${prefix}: ${info.name} by ${author}; licence ${licence}\n`;
  }).join(""));
writeFileSync(join(out, "iconify", "icons.js"),
  "// The icons the pages use, from the @iconify-json sets (each set's own licence), preloaded by iconify-icon.\n" +
  `window.IconifyPreload = ${JSON.stringify(collections)};\n`);
console.log(`vendored into ${out}`);
