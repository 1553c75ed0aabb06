// Runs before the app's modules (a classic script, ahead of the module script in index.html):
// zod without its JIT. Its probe for `new Function` would otherwise be reported as a CSP violation
// (script-src has no 'unsafe-eval'), although zod catches the refusal and checks without eval.
// zod reads this global when it loads (zod/v4/core/core.js `__zod_globalConfig`).
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
