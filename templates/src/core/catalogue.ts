// The indicator catalogue: schema, loading and integrity checks.
// Pure (no I/O): the catalogue JSON is imported, so the same module bundles into the add-in.
import { z } from 'zod';
import catalogue2024 from '../../catalogue/2024.1.json';

export const UNIT_TYPES = ['department', 'district_gov'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

const appliesTo = z.enum(['all', 'district_gov', 'department']);
const indicatorType = z.enum(['integer', 'decimal', 'percent', 'boolean', 'date', 'text']);
const aggregation = z.enum(['sum', 'ratio', 'count_true', 'max', 'none_text_list']);
const severity = z.enum(['error', 'warning', 'info']);

/** The catalogue's enumerations, for the wire contract to reuse rather than restate. */
export const unitTypeSchema = z.enum(UNIT_TYPES);
export { appliesTo as appliesToSchema, indicatorType as indicatorTypeSchema, aggregation as aggregationSchema };

/**
 * How an indicator rolls up where its plain aggregation would count a value twice or mix two 口径
 * (an erratum of a catalogue version can add these without touching a cell of its template):
 * - whole_district: a district's figure is its 区人民政府's whole-district value; 区级部门 values are
 *   listed as a warning, never added. The city adds the districts and the 市级部门.
 * - list: a list (清单) is not summed across levels: a district's figure is its 区人民政府's list
 *   (区级部门 values listed as a warning), the city's and the 市级部门's the largest list. `holder`:
 *   the value is read off the sheet that holds that other indicator's list (online items of the
 *   counted service list), and a rate of two such parts is that one sheet's own rate.
 * - split: the unit types report different 口径, so the figure is given per unit type (分列), not added.
 * - on_time: a date counts the units that met the deadline of `rule` (a deadline rule), not the latest date.
 */
const rollupRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('whole_district'), note_zh: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('list'), holder: z.string().optional(), note_zh: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('split'),
      parts: z.array(z.object({ unit_type: z.enum(UNIT_TYPES), name_zh: z.string().min(1) }).strict()).min(2),
      note_zh: z.string().min(1),
    })
    .strict(),
  z.object({ kind: z.literal('on_time'), rule: z.string(), note_zh: z.string().min(1) }).strict(),
]);

/** A correction of a published catalogue version that changes no cell of its template (e.g. how indicators roll up). */
const erratumSchema = z
  .object({ id: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), summary_zh: z.string().min(1), codes: z.array(z.string()).min(1) })
  .strict();

const indicatorSchema = z
  .object({
    code: z.string().regex(/^[a-z]+\.[a-z0-9_]+$/, '指标代码应为“小写英文.小写英文”形式'),
    section: z.string(),
    name_zh: z.string().min(1),
    unit_zh: z.string().min(1),
    type: indicatorType,
    required: z.boolean(),
    min: z.number().optional(),
    max: z.number().optional(),
    aggregation,
    applies_to: appliesTo,
    derived: z.boolean(),
    help_zh: z.string().optional(),
    numerator: z.string().optional(),
    denominator: z.string().optional(),
    sum_of: z.array(z.string()).min(1).optional(),
    formula: z.string().optional(),
    /** The smallest year-on-year change worth a question (个百分点 for rates); see catalogue yoy_min_change. */
    yoy_min_change: z.number().nonnegative().optional(),
    /** How the indicator rolls up when its aggregation alone would double count or mix 口径; see rollupRuleSchema. */
    rollup: rollupRuleSchema.optional(),
  })
  .strict();

const conditionSchema = z.discriminatedUnion('op', [
  z.object({ code: z.string(), op: z.literal('eq'), value: z.union([z.boolean(), z.number()]) }).strict(),
  z.object({ code: z.string(), op: z.literal('gt'), value: z.number() }).strict(),
  z.object({ code: z.string(), op: z.literal('filled') }).strict(),
  z.object({ code: z.string(), op: z.literal('eq_indicator'), other: z.string() }).strict(),
]);

const ruleCommon = {
  id: z.string().regex(/^R\d{2}$/),
  severity,
  applies_to: appliesTo,
  message_zh: z.string().min(1),
  expr: z.string(),
  note: z.string().optional(),
};

const ruleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...ruleCommon,
      kind: z.literal('le'),
      left: z.array(z.string()).min(1),
      right: z.array(z.string()).min(1),
      blank_as_zero: z.array(z.string()).optional(),
    })
    .strict(),
  z.object({ ...ruleCommon, kind: z.literal('implies'), if: conditionSchema, then: conditionSchema }).strict(),
  z.object({ ...ruleCommon, kind: z.literal('derived_readonly'), codes: z.array(z.string()).optional() }).strict(),
  z.object({ ...ruleCommon, kind: z.literal('range') }).strict(),
  z.object({ ...ruleCommon, kind: z.literal('applicability') }).strict(),
  z
    .object({ ...ruleCommon, kind: z.literal('required_text'), min_items: z.record(z.string(), z.number().int().min(1)) })
    .strict(),
  z
    .object({
      ...ruleCommon,
      kind: z.literal('deadline'),
      code: z.string(),
      when: conditionSchema.optional(),
      deadline: z.object({ years_after: z.number().int(), month: z.number().int(), day: z.number().int() }).strict(),
    })
    .strict(),
  z.object({ ...ruleCommon, kind: z.literal('batch_consistent'), code: z.string() }).strict(),
]);

const sectionSchema = z
  .object({
    code: z.string(),
    name_zh: z.string(),
    basis: z.string(),
    order: z.number().int(),
    /** Its indicators apply only to units with 行政执法 powers (registry 有行政执法职能 = 是, the default). */
    enforcement_powers: z.literal(true).optional(),
  })
  .strict();

const catalogueSchema = z
  .object({
    name: z.string(),
    version: z.string().regex(/^\d{4}\.\d+(-[a-z]+)?$/),
    report_year_scope: z.string(),
    legend: z.unknown(),
    /**
     * The plausible maximum of a numeric indicator without its own `max`, by unit of measure (件, 人 …):
     * every numeric indicator is bounded, so no figure like 1e308 reaches a rollup. Loaded catalogues
     * carry it as the indicator's `max`.
     */
    unit_max: z.record(z.string(), z.number().positive()).optional(),
    /**
     * The smallest change that makes a year-on-year swing material, by unit of measure (件, %, 是否 …;
     * for % and 是否 in 个百分点): 1 → 3 items is not asked about like 1,000 → 3,000. An indicator's own
     * yoy_min_change wins; loaded catalogues carry the unit's on each indicator.
     */
    yoy_min_change: z.record(z.string(), z.number().nonnegative()).optional(),
    /** Corrections of this version that change no template cell (the rollup rules they added name their indicators). */
    errata: z.array(erratumSchema).optional(),
    sections: z.array(sectionSchema).min(1),
    header_fields: z.array(indicatorSchema),
    indicators: z.array(indicatorSchema),
    rules: z.array(ruleSchema),
  })
  .strict();

export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorType = Indicator['type'];
export type AppliesTo = Indicator['applies_to'];
export type Condition = z.infer<typeof conditionSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type RollupRule = z.infer<typeof rollupRuleSchema>;
export type Erratum = z.infer<typeof erratumSchema>;
type CatalogueData = z.infer<typeof catalogueSchema>;

/** A loaded, checked catalogue with lookup helpers. */
export interface Catalogue {
  readonly name: string;
  readonly version: string;
  readonly sections: readonly Section[];
  /** Header fields (section `meta`) first, then indicators, in sheet order. */
  readonly fields: readonly Indicator[];
  readonly rules: readonly Rule[];
  /** Corrections of this version (none for most). */
  readonly errata: readonly Erratum[];
  field(code: string): Indicator | undefined;
  section(code: string): Section | undefined;
  /** Fields that a sheet of this unit type fills (applicable, in sheet order). */
  appliesTo(field: Indicator | AppliesTo, unitType: UnitType): boolean;
}

export class CatalogueError extends Error {
  constructor(readonly faults: string[]) {
    super(`指标目录有误（${faults.length} 处）：\n- ${faults.join('\n- ')}`);
    this.name = 'CatalogueError';
  }
}

const NUMERIC: readonly IndicatorType[] = ['integer', 'decimal', 'percent'];

export function appliesToUnit(applies: AppliesTo, unitType: UnitType): boolean {
  return applies === 'all' || applies === unitType;
}

/** What decides which indicators a unit fills: its type and whether it holds 行政执法 powers (absent = 是). */
export interface UnitProfile {
  unitType: UnitType;
  hasEnforcement?: boolean;
}

/** Whether the field's section holds enforcement indicators (section enforcement_powers). */
export function needsEnforcementPowers(catalogue: Catalogue, field: Pick<Indicator, 'section'>): boolean {
  return catalogue.section(field.section)?.enforcement_powers === true;
}

/**
 * Whether a unit fills the field: its type (applies_to) and, for enforcement indicators, its
 * registry attribute 有行政执法职能. The template, the upload check and the rollup's expected counts use it.
 */
export function appliesToProfile(catalogue: Catalogue, field: Pick<Indicator, 'section' | 'applies_to'>, unit: UnitProfile): boolean {
  if (!appliesToUnit(field.applies_to, unit.unitType)) return false;
  return !(unit.hasEnforcement === false && needsEnforcementPowers(catalogue, field));
}

/** Parses and checks catalogue data; throws CatalogueError naming every fault found. */
export function loadCatalogue(data: unknown): Catalogue {
  const parsed = catalogueSchema.safeParse(data);
  if (!parsed.success) {
    throw new CatalogueError(parsed.error.issues.map((issue) => describeSchemaIssue(data, issue)));
  }
  const faults = integrityFaults(parsed.data);
  if (faults.length > 0) throw new CatalogueError(faults);
  return buildCatalogue(parsed.data);
}

function describeSchemaIssue(data: unknown, issue: z.core.$ZodIssue): string {
  const path = issue.path;
  let where = path.join('.');
  if ((path[0] === 'indicators' || path[0] === 'header_fields' || path[0] === 'rules') && typeof path[1] === 'number') {
    const list = (data as Record<string, unknown>)[path[0]] as Array<Record<string, unknown>> | undefined;
    const item = list?.[path[1]];
    const name = item?.code ?? item?.id;
    if (name) where = `${String(name)}（${path.slice(2).join('.') || '整项'}）`;
  }
  return `${where}：${issue.message}`;
}

function integrityFaults(data: CatalogueData): string[] {
  const faults: string[] = [];
  const fields = [...data.header_fields, ...data.indicators];
  const byCode = new Map<string, Indicator>();
  const sectionCodes = new Set(data.sections.map((s) => s.code));

  for (const field of fields) {
    if (byCode.has(field.code)) faults.push(`${field.code}：指标代码重复`);
    byCode.set(field.code, field);
  }
  for (const field of fields) {
    const f = field.code;
    if (!sectionCodes.has(field.section)) faults.push(`${f}：所属部分“${field.section}”不存在`);
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) faults.push(`${f}：最小值大于最大值`);
    if (NUMERIC.includes(field.type) && field.max === undefined && data.unit_max?.[field.unit_zh] === undefined) {
      faults.push(`${f}：数值指标须有最大值：请给出 max，或在 unit_max 中给出计量单位“${field.unit_zh}”的上限`);
    }
    const unitMax = field.max === undefined ? data.unit_max?.[field.unit_zh] : undefined;
    if (unitMax !== undefined && field.min !== undefined && field.min > unitMax) faults.push(`${f}：最小值大于计量单位“${field.unit_zh}”的上限 ${unitMax}`);
    if (field.aggregation === 'ratio' && !(field.derived && field.numerator && field.denominator)) {
      faults.push(`${f}：比率指标必须是派生指标并给出分子和分母`);
    }
    if (field.aggregation === 'count_true' && field.type !== 'boolean') faults.push(`${f}：count_true 只适用于是/否指标`);
    if (field.aggregation === 'sum' && !NUMERIC.includes(field.type)) faults.push(`${f}：sum 只适用于数值指标`);
    if (field.derived) {
      const parts = field.sum_of ?? [field.numerator, field.denominator].filter((p): p is string => !!p);
      if (parts.length === 0) faults.push(`${f}：派生指标必须给出分子/分母或 sum_of`);
      if (field.required) faults.push(`${f}：派生指标由系统计算，不能是必填输入项`);
      if (!NUMERIC.includes(field.type)) faults.push(`${f}：派生指标必须是数值类型`);
      for (const part of parts) {
        const source = byCode.get(part);
        if (!source) faults.push(`${f}：引用的指标 ${part} 不存在`);
        else if (!NUMERIC.includes(source.type)) faults.push(`${f}：引用的指标 ${part} 不是数值类型`);
        else if (source.applies_to !== 'all' && source.applies_to !== field.applies_to) {
          faults.push(`${f}：引用的指标 ${part} 的适用范围（${source.applies_to}）不覆盖本指标（${field.applies_to}）`);
        }
      }
    } else if (field.numerator || field.denominator || field.sum_of) {
      faults.push(`${f}：只有派生指标才能有分子、分母或 sum_of`);
    }
  }

  for (const field of fields) faults.push(...rollupRuleFaults(field, byCode, data.rules));
  for (const field of fields) {
    if (field.aggregation !== 'ratio') continue;
    const [num, den] = [byCode.get(field.numerator ?? ''), byCode.get(field.denominator ?? '')];
    const listed = [num, den].filter((p) => p?.rollup?.kind === 'list' || p?.rollup?.kind === 'split' || p?.rollup?.kind === 'whole_district');
    // A rate of list parts is one sheet's own rate: its numerator must be read off its denominator's list.
    if (listed.length > 0 && !(num?.rollup?.kind === 'list' && num.rollup.holder === den?.code && den?.rollup?.kind === 'list')) {
      faults.push(`${field.code}：比率的分子分母有汇总口径（rollup）时，只支持分子为以分母为 holder 的清单口径`);
    }
  }
  for (const erratum of data.errata ?? []) {
    for (const code of erratum.codes) {
      if (!byCode.has(code)) faults.push(`勘误 ${erratum.id}：引用的指标 ${code} 不存在`);
      else if (!byCode.get(code)!.rollup) faults.push(`勘误 ${erratum.id}：指标 ${code} 没有汇总口径（rollup）`);
    }
  }

  const need = (rule: Rule, code: string, types: readonly IndicatorType[], what: string) => {
    const field = byCode.get(code);
    if (!field) faults.push(`${rule.id}：引用的指标 ${code} 不存在`);
    else if (!types.includes(field.type)) faults.push(`${rule.id}：指标 ${code} 应为${what}，实为 ${field.type}`);
  };
  const needCondition = (rule: Rule, cond: Condition) => {
    if (cond.op === 'gt') need(rule, cond.code, NUMERIC, '数值');
    else if (cond.op === 'eq') need(rule, cond.code, typeof cond.value === 'boolean' ? ['boolean'] : NUMERIC, typeof cond.value === 'boolean' ? '是/否' : '数值');
    else if (cond.op === 'eq_indicator') {
      need(rule, cond.code, NUMERIC, '数值');
      need(rule, cond.other, NUMERIC, '数值');
    } else need(rule, cond.code, ['integer', 'decimal', 'percent', 'boolean', 'date', 'text'], '任意类型');
  };
  const ids = new Set<string>();
  for (const rule of data.rules) {
    if (ids.has(rule.id)) faults.push(`${rule.id}：规则编号重复`);
    ids.add(rule.id);
    switch (rule.kind) {
      case 'le':
        for (const code of [...rule.left, ...rule.right, ...(rule.blank_as_zero ?? [])]) need(rule, code, NUMERIC, '数值');
        break;
      case 'implies':
        needCondition(rule, rule.if);
        needCondition(rule, rule.then);
        break;
      case 'derived_readonly':
        for (const code of rule.codes ?? []) {
          need(rule, code, NUMERIC, '数值');
          if (byCode.get(code) && !byCode.get(code)?.derived) faults.push(`${rule.id}：指标 ${code} 不是派生指标`);
        }
        break;
      case 'required_text':
        for (const code of Object.keys(rule.min_items)) need(rule, code, ['text'], '文本');
        break;
      case 'deadline':
        need(rule, rule.code, ['date'], '日期');
        if (rule.when) needCondition(rule, rule.when);
        break;
      case 'batch_consistent':
        need(rule, rule.code, ['integer', 'text', 'date'], '整数、文本或日期');
        break;
      case 'range':
      case 'applicability':
        break;
    }
  }
  return faults;
}

function rollupRuleFaults(field: Indicator, byCode: ReadonlyMap<string, Indicator>, rules: readonly Rule[]): string[] {
  const r = field.rollup;
  if (!r) return [];
  const f = `${field.code}（rollup.${r.kind}）`;
  const faults: string[] = [];
  switch (r.kind) {
    case 'whole_district':
      if (field.aggregation !== 'sum') faults.push(`${f}：全区口径只用于求和指标`);
      if (field.applies_to !== 'all') faults.push(`${f}：全区口径只用于区人民政府和部门都有的指标（applies_to 为 all）`);
      break;
    case 'list': {
      if (!NUMERIC.includes(field.type) || field.derived) faults.push(`${f}：清单口径只用于填报的数值指标`);
      if (field.aggregation !== 'sum' && field.aggregation !== 'max') faults.push(`${f}：清单口径只替代求和或最大值`);
      if (r.holder !== undefined) {
        const holder = byCode.get(r.holder);
        if (!holder) faults.push(`${f}：holder 引用的指标 ${r.holder} 不存在`);
        else if (holder.rollup?.kind !== 'list' || holder.rollup.holder !== undefined) faults.push(`${f}：holder 引用的指标 ${r.holder} 须是没有 holder 的清单口径指标`);
      }
      break;
    }
    case 'split': {
      if (field.aggregation !== 'sum' || field.derived) faults.push(`${f}：分列只用于填报的求和指标`);
      const types = r.parts.map((p) => p.unit_type);
      if (new Set(types).size !== types.length) faults.push(`${f}：分列的单位类型重复`);
      if (field.applies_to !== 'all') faults.push(`${f}：分列只用于各类单位都填的指标（applies_to 为 all）`);
      break;
    }
    case 'on_time': {
      const rule = rules.find((x) => x.id === r.rule);
      if (field.type !== 'date') faults.push(`${f}：按期统计只用于日期指标`);
      if (!rule) faults.push(`${f}：引用的规则 ${r.rule} 不存在`);
      else if (rule.kind !== 'deadline' || rule.code !== field.code) faults.push(`${f}：规则 ${r.rule} 须是本指标的期限规则（deadline）`);
      break;
    }
  }
  return faults;
}

function buildCatalogue(data: CatalogueData): Catalogue {
  const sections = [...data.sections].sort((a, b) => a.order - b.order);
  const order = new Map(sections.map((s, i) => [s.code, i]));
  // Stable sort keeps the catalogue's own order inside a section.
  // A numeric indicator without its own max takes its unit's: the validator, the template's data
  // validation and the messages then all see one bound.
  const bounded = (field: Indicator): Indicator =>
    NUMERIC.includes(field.type) && field.max === undefined && data.unit_max?.[field.unit_zh] !== undefined ? { ...field, max: data.unit_max[field.unit_zh] } : field;
  const material = (field: Indicator): Indicator =>
    field.yoy_min_change === undefined && data.yoy_min_change?.[field.unit_zh] !== undefined ? { ...field, yoy_min_change: data.yoy_min_change[field.unit_zh] } : field;
  const fields = [...data.header_fields, ...data.indicators]
    .map(bounded)
    .map(material)
    .map((field, index) => ({ field, index }))
    .sort((a, b) => (order.get(a.field.section)! - order.get(b.field.section)!) || a.index - b.index)
    .map((x) => x.field);
  const byCode = new Map(fields.map((f) => [f.code, f]));
  const bySection = new Map(sections.map((s) => [s.code, s]));
  return {
    name: data.name,
    version: data.version,
    sections,
    fields,
    rules: data.rules,
    errata: data.errata ?? [],
    field: (code) => byCode.get(code),
    section: (code) => bySection.get(code),
    appliesTo: (field, unitType) => appliesToUnit(typeof field === 'string' ? field : field.applies_to, unitType),
  };
}

const catalogues = new Map<string, Catalogue>();

/** The catalogues this build knows, by version. Loaded (and checked) on first use. */
export function getCatalogue(version: string): Catalogue | undefined {
  if (!KNOWN_CATALOGUES[version]) return undefined;
  let loaded = catalogues.get(version);
  if (!loaded) {
    loaded = loadCatalogue(KNOWN_CATALOGUES[version]);
    catalogues.set(version, loaded);
  }
  return loaded;
}

const KNOWN_CATALOGUES: Record<string, unknown> = { '2024.1': catalogue2024 };
export const CURRENT_CATALOGUE_VERSION = '2024.1';
export const knownCatalogueVersions = (): string[] => Object.keys(KNOWN_CATALOGUES);

export function currentCatalogue(): Catalogue {
  return getCatalogue(CURRENT_CATALOGUE_VERSION)!;
}
