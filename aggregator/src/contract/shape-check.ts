// Compile-time checks that a wire schema and a type the domain core owns describe the same shape:
// `const _x: SameShape<z.infer<typeof schema>, CoreType> = true;` fails to compile when they drift.
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
