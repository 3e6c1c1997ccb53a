// npm run build: src/main.ts → dist/main.js, a minified ESM bundle, plus one chunk per module that
// main.ts loads on demand (the simulator, …). Loading a few dozen files instead of a few thousand, with
// less source text kept in memory, is most of what makes the built service start fast and stay small.
// Each bundled package also goes into chunks of its own (see VENDOR_ENTRIES), not into main.js.
//
// Only the pure-JavaScript packages named in BUNDLED_PACKAGES go into the bundle (with what they
// import); every other package stays in node_modules and is imported at run time as in development:
// native addons (better-sqlite3, sharp), and packages that find files by path at run time (pino's
// transports, bullmq's scripts). A bundled package that reads files beside its code (swagger-ui's
// assets) gets its __dirname pointed back at node_modules. esbuild only strips types:
// `npm run typecheck` is the type check.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = resolve(ROOT, 'dist');
const ENTRY = resolve(ROOT, 'src/main.ts');
/** Our code's `from 'undici'`: the parts of undici we use, not its index (see the file). */
const UNDICI_PARTS = resolve(ROOT, 'scripts/undici-parts.mjs');
const BUNDLED_PACKAGES = new Set([
  'fastify', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', '@fastify/cors', '@fastify/swagger', '@fastify/swagger-ui', '@fastify/static',
  'undici', 'kysely', '@sinclair/typebox', 'ws', 'yaml', 'ipaddr.js', 'prom-client']);
/**
 * Every bundled package is also an entry point (dist/vendor-<name>.js, never loaded), so that its code
 * lands in chunks of its own that main.js imports. V8 parses each file of an ES module graph in one
 * piece, with memory in proportion to the file; one 1.7 MB main.js needed 13 MB for it, which the
 * allocator then kept, while files of at most ~300 KB need ~4 MB: ~9 MB less resident, the same start.
 */
const VENDOR_ENTRIES = Object.fromEntries([...BUNDLED_PACKAGES].map((name) => [`vendor-${name.replace(/^@/, '').replace(/[/.]/g, '-')}`, name]));
const DIRECT_DEPENDENCIES = new Set(Object.keys(JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).dependencies));
/** One UTF-16 code unit past Latin-1 (a character outside the BMP is two, each escaped). */
const BEYOND_LATIN1 = /[\u0100-\uffff]/g;
// Bundled CommonJS code calls require(); an ES module has none until it makes one. __bundleDir is
// where the output files are (all directly in dist/), for the __dirname of bundled packages.
const BANNER = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { dirname as __bundleDirname, join as __bundleJoin } from 'node:path';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  'const require = __createRequire(import.meta.url);',
  'const __bundleDir = __bundleDirname(__bundleFileURLToPath(import.meta.url));',
].join(' ');
const DIRNAME_USE = /\b__(dirname|filename)\b/;

/** 'a/b/c' → 'a', '@s/a/b' → '@s/a'. */
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Our code imports only BUNDLED_PACKAGES from the bundle; a bundled package's own imports come along, unless we depend on them too (one copy of pino, not two).
 *
 * Every package left outside is CommonJS (better-sqlite3, pino, sharp, …), and is loaded with require(),
 * not import: for an import, node first reads each one's source (and every file it re-exports) with its
 * CommonJS lexer to find named exports, at every start. Our `import x from 'pkg'` becomes a small
 * CommonJS module of the bundle, `module.exports = require('pkg')`, whose exports esbuild hands out as
 * node would.
 */
const REQUIRED_NAMESPACE = 'required-package';
const chooseBundledPackages = {
  name: 'choose-bundled-packages',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, ({ path, importer, namespace }) => {
      if (path.startsWith('node:')) return undefined;
      if (namespace === REQUIRED_NAMESPACE) return { path, external: true };
      const fromOurCode = !importer.split(sep).includes('node_modules');
      if (path === 'undici' && fromOurCode) return { path: UNDICI_PARTS };
      const name = packageName(path);
      const bundled = BUNDLED_PACKAGES.has(name) || (!fromOurCode && !DIRECT_DEPENDENCIES.has(name));
      if (bundled) return undefined;
      return fromOurCode ? { path, namespace: REQUIRED_NAMESPACE } : { path, external: true };
    });
    context.onLoad({ filter: /.*/, namespace: REQUIRED_NAMESPACE }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(path)});`, loader: 'js' }));
  },
};

/**
 * Our sources as the bundle needs them:
 * - `new URL('../../assets/x', import.meta.url)` in src/store/y.ts means "the file at this path from the
 *   source file"; in the bundle import.meta.url is dist/<chunk>.js, so the path is rewritten from there
 *   (every output file sits directly in dist/). `createRequire(import.meta.url)` finds packages from dist/ as
 *   from src/ (both under the root, beside node_modules). Other uses of import.meta fail the build.
 * - Characters past Latin-1 (in regexes, templates) become \u escapes: V8 keeps a module's source text in
 *   memory, at one byte a character only when every character fits in one, else two for the whole file.
 */
const prepareOurSources = {
  name: 'prepare-our-sources',
  setup(context) {
    context.onLoad({ filter: /\.ts$/ }, ({ path }) => {
      if (path.split(sep).includes('node_modules')) return undefined;
      const source = readFileSync(path, 'utf8');
      const contents = source.replace(/new URL\((['"])([^'"]+)\1, import\.meta\.url\)/g, (_, _quote, target) => {
        const fromDist = relative(OUT_DIR, resolve(dirname(path), target)).split(sep).join('/');
        return `new URL(${JSON.stringify(fromDist)}, import.meta.url)`;
      });
      const placed = contents.replace(/new URL\("[^"]*", import\.meta\.url\)/g, '').replace(/createRequire\(import\.meta\.url\)/g, '');
      const stray = path !== ENTRY && placed.includes('import.meta');
      if (/\\[\u0100-\uffff]/.test(contents)) {
        return { errors: [{ text: `${relative(ROOT, path)}: a backslash before a character past Latin-1 would not survive its \\u escape; write the escape yourself` }] };
      }
      if (stray) {
        return { errors: [{ text: `${relative(ROOT, path)}: import.meta other than new URL('<relative path>', import.meta.url) cannot be placed in the bundle` }] };
      }
      return { contents: contents.replace(BEYOND_LATIN1, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`), loader: 'ts' };
    });
  },
};

/** A bundled package's __dirname / __filename: its own place in node_modules, seen from dist/. */
const keepPackagePaths = {
  name: 'keep-package-paths',
  setup(context) {
    context.onLoad({ filter: /\.c?js$/ }, ({ path }) => {
      if (!path.split(sep).includes('node_modules')) return undefined;
      const source = readFileSync(path, 'utf8');
      if (!DIRNAME_USE.test(source)) return undefined;
      const fromDist = (target) => JSON.stringify(relative(OUT_DIR, target).split(sep).join('/'));
      const paths = `var __dirname = __bundleJoin(__bundleDir, ${fromDist(dirname(path))}), __filename = __bundleJoin(__bundleDir, ${fromDist(path)});`;
      return { contents: `${paths}\n${source}`, loader: 'js' };
    });
  },
};

// A file deleted from src/ must not live on in dist/.
rmSync(OUT_DIR, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: ENTRY, ...VENDOR_ENTRIES },
  outdir: OUT_DIR,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Short identifiers: ~0.75 MB less source text to parse and keep, ~2 MB less resident at rest. Nothing
  // here reads a function's or class's own name (log lines take an error's `name`, which our classes set).
  // Not esbuild's keepNames: it re-adds each name by an Object.defineProperty call wherever a
  // function is made, and Fastify makes a dozen per request (hook runners, promise handlers): a
  // tenth of a fetch's CPU time went to those calls alone.
  minifyWhitespace: true,
  minifySyntax: true,
  // MJ_KEEP_NAMES=1: identifiers as written, for a CPU profile that reads (MJ_BENCH_CPU_PROFILE).
  minifyIdentifiers: process.env.MJ_KEEP_NAMES !== '1',
  // node_modules may be a symlink (a worktree's): paths seen from dist/ go through it, as node resolves them.
  preserveSymlinks: true,
  sourcemap: 'linked',
  banner: { js: BANNER },
  plugins: [chooseBundledPackages, prepareOurSources, keepPackagePaths],
  metafile: true,
  logLevel: 'warning',
});

// A bundled package can still bring a character past Latin-1, doubling its file's source text in memory.
for (const file of Object.keys(result.metafile.outputs).filter((name) => name.endsWith('.js'))) {
  const wide = new Set(readFileSync(resolve(file), 'utf8').match(BEYOND_LATIN1));
  if (wide.size > 0) console.warn(`${file} holds characters past Latin-1 (${[...wide].join(' ')}): V8 keeps its source at two bytes a character`);
}
