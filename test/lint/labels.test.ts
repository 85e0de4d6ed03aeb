// Every status and role name is written once, in the contract module (issue 11): no source file
// outside aggregator/src/contract spells one of them as a string literal of its own. Two-character
// names (错误, 提示, 领导) are also ordinary words, and audit actions read like the buttons that do
// them (审核通过), so those are left out of the scan.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { STANDING_LABELS } from '../../aggregator/src/contract/completeness';
import { ROLE_LABELS } from '../../aggregator/src/contract/people';
import { SEVERITY_LABELS } from '../../aggregator/src/contract/problems';
import { SIGNOFF_LABELS } from '../../aggregator/src/contract/progress';
import { YEAR_STATUS_LABELS } from '../../aggregator/src/contract/registry';
import { REVIEW_STATE_LABELS } from '../../aggregator/src/contract/review';
import { UPLOAD_OUTCOME_LABELS } from '../../aggregator/src/contract/submissions';

const LABELS = new Set<string>(
  [STANDING_LABELS, ROLE_LABELS, SEVERITY_LABELS, SIGNOFF_LABELS, YEAR_STATUS_LABELS, REVIEW_STATE_LABELS, UPLOAD_OUTCOME_LABELS].flatMap(
    (labels) => (Object.values(labels) as string[]).filter((label) => label.length >= 3),
  ),
);

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'aggregator/src', 'addin/src', 'templates/src'], { encoding: 'utf8' });
  return listed.split('\n').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('aggregator/src/contract/'));
}

describe('status, role and action names live in the contract only', () => {
  it('finds the labels (the check is not empty)', () => {
    expect(LABELS.has('待审核')).toBe(true);
    expect(LABELS.has('已拒收')).toBe(true);
    expect(LABELS.size).toBeGreaterThan(12);
  });

  it('no other source file writes one as a string literal', () => {
    const offences: string[] = [];
    for (const file of sourceFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/'([^'\n\\]{1,20})'/g)) {
        if (LABELS.has(match[1])) offences.push(`${file}: '${match[1]}'`);
      }
    }
    expect(offences).toEqual([]);
  });
});
