// Who may replace which unit's submission: the uploader's scope (own unit / own district / all),
// the acceptance lock (an accepted sheet stays until a coordinator reopens it) and, for unit
// accounts, the deadline. A reopening lets exactly one more upload through: the guard marks the files
// it let through that way, and the write transaction uses the reopening up or refuses the file.
import type { Problem } from '../../../templates/src/core/model';
import { districtOf } from '../../../templates/src/core/districts';
import { ACCEPTED_STATUSES } from '../rollup/labels';
import type { NewSubmission, ReportingYear, Store, Unit, User } from '../store';
import { canActForUnit, ROLE_LABELS } from './scope';

export interface UploadGuard {
  authorize(unit: Unit, year: number): Promise<Problem | null>;
  /** The store for this upload: files that passed only through a reopening are written as `reopening`. */
  readonly store: Store;
}

/** Today's date where the deadlines are set (China Standard Time), 'YYYY-MM-DD'. */
export const todayInChina = (now = new Date()): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);

export const pastDeadline = (year: Pick<ReportingYear, 'deadline'>, now = new Date()): boolean => todayInChina(now) > year.deadline;

const refuse = (rule: string, message: string): Problem => ({ rule, severity: 'error', codes: [], cells: [], message });

export function uploadGuard(store: Store, user: User): UploadGuard {
  // One upload may carry thousands of files of one year: read the year's state once.
  const perYear = new Map<number, Promise<{ year?: ReportingYear; status: Map<string, string>; reopened: Set<string>; confirmed: Set<string> }>>();
  const stateOf = (year: number) => {
    let state = perYear.get(year);
    if (!state) {
      state = (async () => ({
        year: await store.getYear(year),
        status: new Map((await store.currentSubmissionSummaries(year)).map((s) => [s.unitCode, s.status])),
        reopened: await store.review.openReopenings(year),
        confirmed: new Set([...(await store.signoffs.signoffs(year)).values()].filter((s) => s.state === 'confirmed').map((s) => s.districtCode)),
      }))();
      perYear.set(year, state);
    }
    return state;
  };
  /** Unit-years that passed only through a reopening. */
  const needed = new Set<string>();
  const mark = (s: NewSubmission): NewSubmission => (needed.has(`${s.unitCode}\u0000${s.year}`) ? { ...s, reopening: true } : s);

  return {
    async authorize(unit, year) {
      if (!canActForUnit(user, unit)) {
        return refuse(
          'FORBIDDEN_UNIT',
          `您的账号（${ROLE_LABELS[user.role]}${user.unitCode ? ` ${user.unitCode}` : ''}${user.districtCode ? ` ${user.districtCode}` : ''}）不能为“${unit.name}”（${unit.code}）报送：只能报送本账号负责的单位。请核对工作簿中的单位代码。`,
        );
      }
      const state = await stateOf(year);
      if (!state.year) return null; // registry checks already reject an unopened year
      const district = districtOf(unit);
      if (district && state.confirmed.has(district.code)) {
        return refuse('DISTRICT_CONFIRMED', `${district.name} ${year} 年度的上报已经市级确认，“${unit.name}”的报表已锁定，不能再上传或替换。如需更正，请联系市级管理员重新开放该单位。`);
      }
      const reopened = state.reopened.has(unit.code);
      const current = state.status.get(unit.code);
      const locked = current !== undefined && ACCEPTED_STATUSES.has(current);
      const late = user.role === 'unit' && pastDeadline(state.year);
      if ((locked || late) && reopened) {
        needed.add(`${unit.code}\u0000${year}`);
        return null;
      }
      if (locked) {
        return refuse('SUBMISSION_LOCKED', `“${unit.name}”${year} 年度的报表已审核通过，数值已锁定，不能再替换。如需更正，请联系区级或市级管理员重新开放后再上传。`);
      }
      if (late) {
        return refuse('DEADLINE_PASSED', `${year} 年度的报送截止日期（${state.year.deadline}）已过，不能再上传或替换。如确需更正，请联系区级管理员重新开放本单位的填报。`);
      }
      return null;
    },
    store: {
      ...store,
      storeSubmission: (s) => store.storeSubmission(mark(s)),
      storeSubmissions: (batch) => store.storeSubmissions(batch.map(mark)),
    },
  };
}
