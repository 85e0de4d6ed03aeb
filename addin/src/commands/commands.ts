// Ribbon commands. 填报助手 opens the pane declaratively (manifest ShowTaskpane); 校验 runs here:
// check the sheet, highlight faulty cells and select the first error, without opening the pane.
import { newLiveCheckState, runLiveCheck } from '../app/live-check';
import { registerCommand, selectCell, type CommandEvent } from '../excel/adapter';

export async function runCheck(event: CommandEvent): Promise<void> {
  try {
    const result = await runLiveCheck(newLiveCheckState());
    const first = result?.check.problems.find((p) => p.severity === 'error' && p.cells.length > 0) ?? result?.check.problems.find((p) => p.cells.length > 0);
    if (first) await selectCell(first.cells[0].sheet, first.cells[0].address);
  } finally {
    event.completed();
  }
}

registerCommand('runCheck', runCheck);
// Older Excel builds look the manifest's FunctionName up on the page's global object.
(globalThis as unknown as Record<string, unknown>).runCheck = runCheck;
