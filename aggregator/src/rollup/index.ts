// The rollup engine's public surface.
export { computeRollup, rollupFields } from './compute';
export { traceValue, type Trace, type TraceEntry, type TraceSide, type TraceSource } from './trace';
export { scopeRollup, groupsInScope, unitsInScope, districtGroup, type ScopeOptions } from './scope';
export { DEFAULT_YOY_THRESHOLD } from './yoy';
export { unitValue } from './units';
export { statusLabel, unitTypeLabel, AGGREGATION_LABELS, RULE_LABELS, aggregationLabel, ACCEPTED_STATUSES } from './labels';
export { isDistrictDepartment, PART_SEPARATOR, rollupRow, rowAppliesTo, type RollupField } from './rules';
export * from './types';
