// Commander's parse errors in Chinese, for the CLIs people at the aggregating unit run by hand.
import type { CommanderError } from 'commander';

/** Whether commander stopped because help was asked for (exit 0, not an error). */
export const isHelp = (e: CommanderError) => e.code === 'commander.helpDisplayed' || e.code === 'commander.help';

export function translateCommanderError(e: CommanderError): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownOption':
      return `未知选项 ${quoted}`;
    case 'commander.optionMissingArgument':
      return `选项 ${quoted.split(' ')[0]} 后面缺少取值`;
    case 'commander.missingArgument':
      return `缺少参数 ${quoted}`;
    case 'commander.excessArguments':
      return '有多余的参数（每个取值都要跟在对应选项后面，如 --year 2024）';
    default:
      return e.message.replace(/^error:\s*/, '');
  }
}
