// The wire contract: every shape the API sends or takes, with its zod schema (the OpenAPI document
// is generated from these), and the Chinese name of every status, role and action. The server,
// the page (aggregator/src/web) and the add-in (addin/) import it; it imports only the domain core.
export * from './review';
export * from './completeness';
export * from './people';
export * from './audit';
export * from './problems';
export * from './registry';
export * from './submissions';
export * from './progress';
export * from './params';
export * from './baselines';
