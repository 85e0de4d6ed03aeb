// Report drafts (issue 17): the figures of a unit's current submission, or of a district's or the
// city's rollup, written as a .docx 公文 draft. The route (draftForUser: who may draft what) and the
// CLI (buildDraftFile: the operator's store) both come here; the domain is drafts/.
import { createHash } from 'node:crypto';
import { getCatalogue, type Catalogue } from '../../../templates/src/core/catalogue';
import { appError } from '../../../templates/src/core/error-catalogue';
import { buildDraft, type DraftSource } from '../drafts/build';
import { phrasesFor } from '../drafts/phrases';
import type { DraftDocument, DraftLevel } from '../drafts/types';
import { writeDraftDocx } from '../drafts/write-docx';
import { ACCEPTED_STATUSES, CITY_GROUP, computeRollup, districtGroup, scopeRollup, statusLabel, type RollupSubmission, type UnitResult } from '../rollup';
import type { Store, Submission, User } from '../store';
import { buildRollup, toRollupUnit } from './rollups';
import { audit } from '../auth/audit';
import { canSeeDistrict, canSeeUnit, outOfScope } from '../auth/scope';

export interface DraftRequest {
  year: number;
  level: DraftLevel;
  /** Unit code (level unit), district code (level district); ignored for the city. */
  code: string;
}

export interface DraftFile {
  fileName: string;
  bytes: Buffer;
  draft: DraftDocument;
}

/**
 * The data version of a draft: a digest of which submissions (unit, id, version, review state) its
 * numbers come from. The same data gives the same version; any new upload or review changes it.
 */
export function dataVersionOf(units: readonly Pick<UnitResult, 'code' | 'submission'>[]): string {
  const lines = units
    .filter((u) => u.submission)
    .map((u) => `${u.code}:${u.submission!.id}:${u.submission!.version}:${u.submission!.status}`)
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 12);
}

/** The catalogue the year was opened with (as buildRollup reads it). */
async function catalogueOfYear(store: Store, year: number): Promise<Catalogue> {
  const reportingYear = await store.getYear(year);
  if (!reportingYear) {
    const open = (await store.listYears()).map((y) => y.year);
    throw appError('YEAR_UNKNOWN', { year, namedIn: 'path', openYears: open });
  }
  const catalogue = getCatalogue(reportingYear.catalogueVersion);
  if (!catalogue) throw appError('CATALOGUE_UNKNOWN', { year, catalogueVersion: reportingYear.catalogueVersion });
  return catalogue;
}

/** Review states whose values count as last year's (as in rollups: a returned sheet does not). */
const COUNTED = new Set([...ACCEPTED_STATUSES, 'pending']);

const asRollupSubmission = (s: Submission): RollupSubmission => ({ unitCode: s.unitCode, submissionId: s.id, version: s.version, status: s.status, values: s.values, derived: s.derived, cells: s.cells });

async function currentOf(store: Store, unitCode: string, year: number, counted: boolean): Promise<Submission | undefined> {
  const current = (await store.submissionHistory(unitCode, year)).find((v) => v.isCurrent);
  if (!current || (counted && !COUNTED.has(current.status))) return undefined;
  return store.getSubmission(current.id);
}

/** A unit's draft: its current version whatever its review state (the note says which), 同比 on last year's. */
async function unitSource(store: Store, year: number, code: string): Promise<{ source: DraftSource; catalogue: Catalogue }> {
  const unit = await store.getUnit(code);
  if (!unit) throw appError('UNIT_UNKNOWN', { unitCode: code, namedIn: 'path' });
  const catalogue = await catalogueOfYear(store, year);
  const current = await currentOf(store, code, year, false);
  if (!current) throw appError('DRAFT_NO_SUBMISSION', { unitName: unit.name, year });
  const last = (await store.getYear(year - 1)) ? await currentOf(store, code, year - 1, true) : undefined;
  const units = [toRollupUnit(unit)];
  const rollup = computeRollup({
    catalogue,
    year,
    units,
    submissions: [asRollupSubmission(current)],
    // Only with a counted sheet of last year: no sheet is "no data", not a year of zeros.
    ...(last ? { lastYear: { catalogue, year: year - 1, units, submissions: [asRollupSubmission(last)] } } : {}),
  });
  const group = rollup.groups.find((g) => g.code === CITY_GROUP)!;
  const notes: string[] = [];
  if (current.status === 'returned' || current.status === 'rejected') {
    notes.push(`该版本已被退回${current.reviewReason ? `（理由：${current.reviewReason}）` : ''}，请按退回理由修改报表并重新报送，数字以重新报送的为准；`);
  } else if (!ACCEPTED_STATUSES.has(current.status)) {
    notes.push(`该版本${statusLabel(current.status)}，审核中如有修改，数字以审核通过的版本为准；`);
  }
  return { catalogue, source: { level: 'unit', code, rollup, group, dataVersion: dataVersionOf(rollup.units), notes } };
}

async function rollupSource(store: Store, request: DraftRequest, yoyThreshold: number): Promise<{ source: DraftSource; catalogue: Catalogue }> {
  const catalogue = await catalogueOfYear(store, request.year);
  const whole = await buildRollup(store, request.year, yoyThreshold);
  if (request.level === 'district') {
    const group = districtGroup(whole, request.code);
    const rollup = scopeRollup(whole, { level: 'district', code: request.code });
    return { catalogue, source: { level: 'district', code: request.code, rollup, group, dataVersion: dataVersionOf(rollup.units) } };
  }
  const group = whole.groups.find((g) => g.code === CITY_GROUP)!;
  return { catalogue, source: { level: 'city', code: CITY_GROUP, rollup: whole, group, dataVersion: dataVersionOf(whole.units) } };
}

/** The draft of a unit, a district or the city as a .docx file. */
export async function buildDraftFile(store: Store, request: DraftRequest, yoyThreshold: number, now = new Date()): Promise<DraftFile> {
  const { source, catalogue } = request.level === 'unit' ? await unitSource(store, request.year, request.code) : await rollupSource(store, request, yoyThreshold);
  const draft = buildDraft(source, catalogue, phrasesFor(catalogue));
  const bytes = await writeDraftDocx(draft, { now });
  return { fileName: `${draft.title}（草稿）.docx`, bytes, draft };
}

export interface DraftQuery {
  year: number;
  level: DraftLevel;
  /** Defaults to the account's own unit (level unit) or district (level district). */
  code?: string;
}

/**
 * The draft an account asked for, if it may have it: a unit account its own unit, a district
 * coordinator or district leader their district and its units, city roles everything. The
 * download is recorded in the audit log.
 */
export async function draftForUser(store: Store, user: User, query: DraftQuery, yoyThreshold: number): Promise<DraftFile> {
  const request: DraftRequest = { year: query.year, level: query.level, code: codeFor(query, user) };
  if (query.level === 'unit') {
    const unit = await store.getUnit(request.code);
    if (!unit) throw appError('UNIT_UNKNOWN', { unitCode: request.code, namedIn: 'path' });
    if (!canSeeUnit(user, unit)) throw outOfScope(`单位“${unit.name}”的报告草稿`);
  } else if (!canSeeDistrict(user, query.level === 'city' ? null : request.code)) {
    throw outOfScope(query.level === 'city' ? '全市的报告草稿' : `区“${request.code}”的报告草稿`);
  }
  const file = await buildDraftFile(store, request, yoyThreshold);
  // Every download is in the audit log (before the file is sent), with the data it was drafted from.
  await audit(store, user, 'draft.download', {
    year: query.year,
    unitCode: query.level === 'unit' ? request.code : null,
    detail: { level: query.level, code: request.code, dataVersion: file.draft.properties.dataVersion },
  });
  return file;
}

function codeFor({ level, code }: DraftQuery, user: User): string {
  if (level === 'city') return CITY_GROUP;
  const chosen = code ?? (level === 'unit' ? user.unitCode : user.districtCode);
  if (!chosen) {
    throw appError('DRAFT_CODE_REQUIRED', { level });
  }
  return chosen;
}
