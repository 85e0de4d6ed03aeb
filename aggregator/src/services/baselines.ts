// Last year's reports → candidate values per unit, and a person's confirmation → the unit's
// previous-year baseline. Domain rules live here; the routes only parse and answer.
import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { isAppError } from '../../../templates/src/core/errors';
import { appError, revivedError, inContext } from '../../../templates/src/core/error-catalogue';
import { entry } from '../auth/audit';
import { assertCanSeeUnit, canActForUnit, describeUser, outOfScope } from '../auth/scope';
import { checkConfirmation, type Confirmation } from '../baseline/confirm';
import { cuesFor } from '../baseline/cues';
import { extractCandidates } from '../baseline/extract';
import type { ExtractedReport } from '../contract/baselines';
import { matchUnitByFileName } from '../baseline/match-unit';
import type { PdfReader } from '../baseline/read/pdf-reader';
import { isRejectedReport, readReportFile, readReports, type ReportFormat, type ReportInput } from '../baseline/read/read-reports';
import type { Baseline, Store, Unit, User } from '../store';

export type { ExtractedReport } from '../contract/baselines';

/**
 * Reads every report of the upload and extracts candidates for the unit each belongs to: the
 * chosen unit, else the unit its file name names; a unit account's reports are its own.
 * Nothing is stored.
 */
export async function extractBaselines(store: Store, user: User, files: ReportInput[], pdf: PdfReader, chosenUnit?: string): Promise<ExtractedReport[]> {
  const catalogue = currentCatalogue();
  const cues = cuesFor(catalogue)!;
  const units = await store.listUnits();
  const chosenCode = chosenUnit ?? (user.role === 'unit' ? (user.unitCode ?? undefined) : undefined);
  let chosen: Unit | undefined;
  if (chosenCode !== undefined) {
    chosen = units.find((u) => u.code === chosenCode);
    if (!chosen) throw appError('UNIT_UNKNOWN', { unitCode: chosenCode, namedIn: 'path' });
    if (!canActForUnit(user, chosen)) throw outOfScope(`单位“${chosen.name}”的上年数据`);
  }
  const visible = units.filter((u) => canActForUnit(user, u));
  const items = await readReports(files, pdf);
  return items.map((item): ExtractedReport => {
    const base = { file: item.file, unit: null, matchedBy: null, reportYear: null, candidates: [] };
    if (isRejectedReport(item)) return { ...base, error: item.error };
    let unit = chosen;
    let matchedBy: ExtractedReport['matchedBy'] = chosen ? 'chosen' : null;
    if (!unit) {
      const match = matchUnitByFileName(item.file, visible);
      if (!match.unit) return { ...base, format: item.format, error: { code: 'UNIT_NOT_MATCHED', message: match.reason } };
      unit = match.unit;
      matchedBy = match.by;
    }
    const { reportYear, candidates } = extractCandidates(item.text, { unitType: unit.unitType, catalogue, cues });
    return {
      ...base,
      format: item.format,
      unit: { code: unit.code, name: unit.name, unitType: unit.unitType, districtName: unit.districtName },
      matchedBy,
      reportYear: reportYear ?? null,
      candidates,
    };
  });
}

/** Checks and stores a confirmed baseline with its report file and audit entry, in one transaction. */
export async function confirmBaseline(
  store: Store,
  user: User,
  input: {
    year: number;
    unitCode: string;
    file: ReportInput | undefined;
    /** For a report that came out of a zip: its path as extraction named it ('批次.zip/区政府.docx'). */
    entry?: string;
    values: () => Confirmation;
  },
  pdf: PdfReader,
): Promise<Baseline> {
  const unit = await store.getUnit(input.unitCode);
  if (!unit) throw appError('UNIT_UNKNOWN', { unitCode: input.unitCode, namedIn: 'path' });
  if (!canActForUnit(user, unit)) throw outOfScope(`单位“${unit.name}”的上年数据`);
  if (!input.file) throw appError('FILE_MISSING', { upload: 'report_original' });
  const confirmation = input.values();
  const { file, read } = await reportOf(input.file, input.entry, pdf);
  const catalogue = currentCatalogue();
  const items = checkConfirmation(confirmation, { catalogue, unitType: unit.unitType, reportText: read.text });
  const count = (d: string) => items.filter((i) => i.decision === d).length;
  return store.baselines.confirm({
    unitCode: unit.code,
    year: input.year,
    fileName: file.name,
    format: read.format,
    bytes: file.bytes,
    catalogueVersion: catalogue.version,
    items,
    confirmedBy: describeUser(user),
    audit: ({ id, version }) =>
      entry(user, 'baseline.confirm', {
        unitCode: unit.code,
        year: input.year,
        detail: { baselineId: id, version, file: file.name, confirmed: count('confirmed'), corrected: count('corrected'), dropped: count('dropped') },
      }),
  });
}

/** The report a confirmation rests on: the uploaded file itself, or the named entry of an uploaded zip. */
async function reportOf(upload: ReportInput, entry: string | undefined, pdf: PdfReader): Promise<{ file: ReportInput; read: { format: ReportFormat; text: string } }> {
  const notSaved = (e: unknown) => (isAppError(e) ? inContext(e, 'baselineNotSaved') : e);
  if (entry === undefined || entry === upload.name) {
    try {
      return { file: upload, read: await readReportFile(upload.name, upload.bytes, pdf) };
    } catch (e) {
      throw notSaved(e);
    }
  }
  const item = (await readReports([upload], pdf)).find((i) => i.file === entry);
  if (!item) throw appError('ENTRY_MISSING', { fileName: upload.name, entry });
  if (isRejectedReport(item)) throw notSaved(revivedError(item.error));
  // The entry's own bytes are the original kept, under its own name.
  return { file: { name: entry.split('/').pop()!, bytes: item.bytes }, read: { format: item.format, text: item.text } };
}

/** The unit's latest confirmed baseline for the year; 404 when there is none. */
export async function currentBaseline(store: Store, user: User, year: number, unitCode: string): Promise<Baseline> {
  const unit = await store.getUnit(unitCode);
  if (!unit) throw appError('UNIT_UNKNOWN', { unitCode, namedIn: 'path' });
  assertCanSeeUnit(user, unit);
  const baseline = await store.baselines.get(unitCode, year);
  if (!baseline) throw appError('NOT_FOUND', { unitName: unit.name, baselineYear: year });
  return baseline;
}
