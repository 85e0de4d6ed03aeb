// The ribbon's 校验 button in the fake host: it checks without the pane, paints faulty cells and
// selects the first error, and always completes the event (or Excel shows the button as busy).
import { currentCatalogue } from '../../../templates/src/core/catalogue';
import { GUIDE_SHEET, INPUT_SHEET } from '../../../templates/src/core/contract';
import { PALETTE } from '../../../templates/src/core/layout';
import { sampleRegistry } from '../../../templates/src/samples/registry';
import { installFakeOffice, type FakeExcelHost } from '../../../test/support/fake-office';
import { HIGHLIGHT } from '../app/live-check';
import { standardSheet } from '../app/standard-sheet';
import { insertStandardSheet } from '../excel/adapter';

let host: FakeExcelHost;
let runCheck: (event: Office.AddinCommands.Event) => Promise<void>;

beforeAll(async () => {
  host = installFakeOffice(globalThis);
  // The module registers its function with Office.actions when Office is ready.
  ({ runCheck } = await import('./commands'));
});

it('registers runCheck, highlights every faulty value cell, selects the first error and completes', async () => {
  expect(Object.keys((host as unknown as { associations: Record<string, unknown> }).associations)).toEqual(['runCheck']);
  const parts = standardSheet(currentCatalogue(), 'department', 2024);
  await insertStandardSheet(parts);
  const bad = parts.plan.valueAddress['learn.exam_required'];
  await host.paste(INPUT_SHEET, bad, [['很多']]);
  host.activeSheet = GUIDE_SHEET;
  let completed = 0;
  await runCheck({ completed: () => completed++ } as unknown as Office.AddinCommands.Event);
  expect(completed).toBe(1);
  const sheet = host.sheet(INPUT_SHEET)!;
  expect(sheet.peek(bad)!.fill).toBe(HIGHLIGHT.error);
  // A blank required cell is an error too; a cell without any problem keeps the template's colour.
  const blankRequired = parts.plan.valueAddress['meta.unit_name'];
  expect(sheet.peek(blankRequired)!.fill).toBe(HIGHLIGHT.error);
  const derived = parts.plan.valueAddress['learn.exam_pass_rate'];
  expect(sheet.peek(derived)!.fill).toBe(PALETTE.derivedFill);
  expect(host.selection?.sheet).toBe(INPUT_SHEET);
  expect(sheet.protectedWith).not.toBeNull();
});

it("repaints a registry unit's prefilled 基本信息 green, read back from the stamp, not as input cells", async () => {
  for (const unit of [sampleRegistry().find((u) => u.level === 'city')!, sampleRegistry().find((u) => u.unitType === 'department' && u.level === 'district')!]) {
    host = installFakeOffice(globalThis);
    const parts = standardSheet(currentCatalogue(), unit.unitType, 2024, unit);
    await insertStandardSheet(parts);
    const sheet = host.sheet(INPUT_SHEET)!;
    const name = parts.plan.valueAddress['meta.unit_name'];
    const typed = parts.plan.valueAddress['learn.exam_required'];
    // Paint over both, as an earlier run would have, so the check has to choose each colour again.
    for (const address of [name, typed]) sheet.cell(address).fill = HIGHLIGHT.warning;
    await runCheck({ completed: () => undefined } as unknown as Office.AddinCommands.Event);
    expect(sheet.peek(name)!.fill).toBe(PALETTE.prefilledFill);
    // Left blank, a required input is an error: painted red, never the prefilled green.
    expect(sheet.peek(typed)!.fill).toBe(HIGHLIGHT.error);
  }
});

it('completes the event even when the workbook has no standard sheet', async () => {
  installFakeOffice(globalThis);
  let completed = 0;
  await runCheck({ completed: () => completed++ } as unknown as Office.AddinCommands.Event);
  expect(completed).toBe(1);
});
