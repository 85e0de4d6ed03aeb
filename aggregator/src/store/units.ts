// Unit registry and reporting years.
import type { Kysely, Selectable } from 'kysely';
import { appError } from '../../../templates/src/core/error-catalogue';
import type { RegistryUnit, UnitTypeLabel } from '../../../templates/src/core/registry';
import type { UnitType } from '../../../templates/src/core/catalogue';
import type { Connection } from './connect';
import type { Database, ReportingYearsTable, UnitsTable } from './schema';
import { CHUNK, writeTransaction } from './transaction';
import type { NewYear, RegistryImportResult, ReportingYear, Unit, YearStatus } from './types';

const toUnit = (row: Selectable<UnitsTable>): Unit => ({
  code: row.code,
  name: row.name,
  typeLabel: row.type_label as UnitTypeLabel,
  unitType: row.unit_type as UnitType,
  level: row.level as Unit['level'],
  districtCode: row.district_code,
  districtName: row.district_name,
  hasEnforcement: Number(row.has_enforcement ?? 1) !== 0,
  updatedAt: row.updated_at,
});

const toYear = (row: Selectable<ReportingYearsTable>): ReportingYear => ({
  year: Number(row.year),
  catalogueVersion: row.catalogue_version,
  deadline: row.deadline,
  status: Number(row.locked) === 1 ? 'locked' : (row.status as YearStatus),
  openedAt: row.opened_at,
});

/** `sample`: rows of the demo registry (first start). Any other import makes the codes it lists the deployment's own. */
export async function importRegistry(conn: Connection, units: readonly RegistryUnit[], options: { sample?: boolean } = {}): Promise<RegistryImportResult> {
  const sample = options.sample ? 1 : 0;
  const now = new Date().toISOString();
  return writeTransaction(conn, async (db) => {
    const existing = new Set<string>();
    const codes = units.map((u) => u.code);
    for (let i = 0; i < codes.length; i += CHUNK) {
      const rows = await db.selectFrom('units').select('code').where('code', 'in', codes.slice(i, i + CHUNK)).execute();
      for (const row of rows) existing.add(row.code);
    }
    for (let i = 0; i < units.length; i += CHUNK) {
      const rows = units.slice(i, i + CHUNK).map((u) => ({
        code: u.code,
        name: u.name,
        type_label: u.typeLabel,
        unit_type: u.unitType,
        level: u.level,
        district_code: u.districtCode,
        district_name: u.districtName,
        updated_at: now,
        sample,
        has_enforcement: u.hasEnforcement === false ? 0 : 1,
      }));
      await db
        .insertInto('units')
        .values(rows)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            type_label: eb.ref('excluded.type_label'),
            unit_type: eb.ref('excluded.unit_type'),
            level: eb.ref('excluded.level'),
            district_code: eb.ref('excluded.district_code'),
            district_name: eb.ref('excluded.district_name'),
            updated_at: eb.ref('excluded.updated_at'),
            sample: eb.ref('excluded.sample'),
            has_enforcement: eb.ref('excluded.has_enforcement'),
          })),
        )
        .execute();
    }
    return { total: units.length, inserted: units.length - existing.size, updated: existing.size };
  });
}

export async function listUnits(db: Kysely<Database>): Promise<Unit[]> {
  // Districts in code order, 市级部门 (no district) last; inside a group by unit code.
  const rows = await db
    .selectFrom('units')
    .selectAll()
    .orderBy((eb) => eb.case().when('district_code', 'is', null).then(1).else(0).end())
    .orderBy('district_code')
    .orderBy('code')
    .execute();
  return rows.map(toUnit);
}

export async function getUnit(db: Kysely<Database>, code: string): Promise<Unit | undefined> {
  const row = await db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toUnit(row);
}

export async function unitCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('units').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function openYear(conn: Connection, year: NewYear, options: { sample?: boolean } = {}): Promise<ReportingYear> {
  const row = {
    year: year.year,
    catalogue_version: year.catalogueVersion,
    deadline: year.deadline,
    status: 'open',
    opened_at: new Date().toISOString(),
    locked: 0,
    sample: options.sample ? 1 : 0,
  };
  return writeTransaction(conn, async (db) => {
    // ON CONFLICT rather than check-then-insert: two coordinators opening the same year at once
    // on PostgreSQL must get YEAR_EXISTS, not a unique-violation 500.
    const inserted = await db
      .insertInto('reporting_years')
      .values(row)
      .onConflict((oc) => oc.column('year').doNothing())
      .returning('year')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await db.selectFrom('reporting_years').selectAll().where('year', '=', year.year).executeTakeFirstOrThrow();
      throw appError('YEAR_EXISTS', { year: year.year, catalogueVersion: existing.catalogue_version, deadline: existing.deadline });
    }
    return toYear(row);
  });
}

export async function getYear(db: Kysely<Database>, year: number): Promise<ReportingYear | undefined> {
  const row = await db.selectFrom('reporting_years').selectAll().where('year', '=', year).executeTakeFirst();
  return row && toYear(row);
}

export async function listYears(db: Kysely<Database>): Promise<ReportingYear[]> {
  const rows = await db.selectFrom('reporting_years').selectAll().orderBy('year', 'desc').execute();
  return rows.map(toYear);
}

export async function setYearStatus(conn: Connection, year: number, status: YearStatus): Promise<ReportingYear> {
  return writeTransaction(conn, async (db) => {
    const result = await db
      .updateTable('reporting_years')
      .set(status === 'locked' ? { status: 'closed', locked: 1 } : { status, locked: 0 })
      .where('year', '=', year)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw yearUnknown(year);
    return toYear(await db.selectFrom('reporting_years').selectAll().where('year', '=', year).executeTakeFirstOrThrow());
  });
}

export const yearUnknown = (year: number, status: 404 | 400 = 404) => appError('YEAR_UNKNOWN', { year, namedIn: status === 404 ? 'path' : 'body' });
