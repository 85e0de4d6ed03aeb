// The second review level's rows: units excused from a year, and each district's sign-off to the
// city. Upserts keep one row per unit-year / district-year (the latest state); the audit log, written
// by the services in the same transaction, keeps the history.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema';

// Excuses and sign-offs are sent as they are stored: their shapes are the contract's.
export type { DistrictSignoff, SignoffState, UnitExcuse } from '../contract/progress';
import type { DistrictSignoff, SignoffState, UnitExcuse } from '../contract/progress';

export interface SignoffStore {
  /** Excuses (or re-excuses, with the new reason) a unit from the year. */
  excuse(excuse: Omit<UnitExcuse, 'excusedAt'>): Promise<UnitExcuse>;
  excuses(year: number): Promise<Map<string, UnitExcuse>>;
  signoff(districtCode: string, year: number): Promise<DistrictSignoff | undefined>;
  signoffs(year: number): Promise<Map<string, DistrictSignoff>>;
  /** The district's set goes (again) to the city: state 'submitted', the earlier decision cleared. */
  submit(districtCode: string, year: number, by: string): Promise<DistrictSignoff>;
  /** The city's decision on a submitted district; a return carries the reason. */
  decide(districtCode: string, year: number, decision: { state: 'confirmed' | 'returned'; by: string; reason: string | null }): Promise<DistrictSignoff>;
}

type SignoffRow = Selectable<Database['district_signoffs']>;

const toSignoff = (r: SignoffRow): DistrictSignoff => ({
  districtCode: r.district_code,
  year: r.year,
  state: r.state as SignoffState,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reason: r.reason,
});

export function signoffStore(db: Kysely<Database>): SignoffStore {
  const one = async (districtCode: string, year: number) => {
    const row = await db.selectFrom('district_signoffs').selectAll().where('district_code', '=', districtCode).where('year', '=', year).executeTakeFirst();
    return row ? toSignoff(row) : undefined;
  };
  return {
    async excuse({ unitCode, year, reason, excusedBy }) {
      const excusedAt = new Date().toISOString();
      await db
        .insertInto('unit_excuses')
        .values({ unit_code: unitCode, year, reason, excused_by: excusedBy, excused_at: excusedAt })
        .onConflict((oc) => oc.columns(['unit_code', 'year']).doUpdateSet({ reason, excused_by: excusedBy, excused_at: excusedAt }))
        .execute();
      return { unitCode, year, reason, excusedBy, excusedAt };
    },
    async excuses(year) {
      const rows = await db.selectFrom('unit_excuses').selectAll().where('year', '=', year).execute();
      return new Map(rows.map((r) => [r.unit_code, { unitCode: r.unit_code, year: r.year, reason: r.reason, excusedBy: r.excused_by, excusedAt: r.excused_at }]));
    },
    signoff: one,
    async signoffs(year) {
      const rows = await db.selectFrom('district_signoffs').selectAll().where('year', '=', year).execute();
      return new Map(rows.map((r) => [r.district_code, toSignoff(r)]));
    },
    async submit(districtCode, year, by) {
      const at = new Date().toISOString();
      const reset = { state: 'submitted', submitted_by: by, submitted_at: at, decided_by: null, decided_at: null, reason: null };
      await db
        .insertInto('district_signoffs')
        .values({ district_code: districtCode, year, ...reset })
        .onConflict((oc) => oc.columns(['district_code', 'year']).doUpdateSet(reset))
        .execute();
      return (await one(districtCode, year))!;
    },
    async decide(districtCode, year, { state, by, reason }) {
      await db
        .updateTable('district_signoffs')
        .set({ state, decided_by: by, decided_at: new Date().toISOString(), reason })
        .where('district_code', '=', districtCode)
        .where('year', '=', year)
        .execute();
      return (await one(districtCode, year))!;
    },
  };
}
