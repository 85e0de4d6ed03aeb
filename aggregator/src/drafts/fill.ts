// The only "template engine" of the phrase file: `{name}` is replaced by a value given by the code.
// Nothing in a template is ever evaluated, so a phrase file cannot run code or read data it is not
// handed. Unknown names are refused when the phrase file is loaded (see phrases.ts).

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholder names used in a template, e.g. "共{value}件" → ['value']. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Replaces every `{name}` by `values[name]`; a name without a value is a programming error. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    // Own properties only: "{constructor}" must not reach Object.prototype.
    if (!Object.hasOwn(values, name)) throw new Error(`phrase placeholder ${whole} has no value`);
    return values[name];
  });
}
