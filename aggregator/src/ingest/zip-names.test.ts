import { crc32 } from 'node:zlib';
import { encodeGbk } from '../../../test/support/hostile';
import { seededRandom } from '../../../test/support/sample-values';
import { decideEntryName } from './zip-names';

const decide = (raw: Buffer, flags = 0, extraFields: { id: number; data: Buffer }[] = []) =>
  decideEntryName({ fileNameRaw: raw, generalPurposeBitFlag: flags, extraFields });

describe('decideEntryName', () => {
  it('takes GBK names that are also valid UTF-8 as GBK when that reading is Chinese (农委 = C5A9 CEAF, "ũί" as UTF-8)', () => {
    const raw = encodeGbk('农委.xlsx');
    expect(raw.subarray(0, 4)).toEqual(Buffer.from('c5a9ceaf', 'hex'));
    expect(new TextDecoder('utf-8', { fatal: true }).decode(raw)).toBe('ũί.xlsx');
    expect(decide(raw)).toEqual({ name: '农委.xlsx', by: 'gbk', undecided: false });
  });

  it('takes UTF-8 names written without the flag (macOS, Linux) as UTF-8', () => {
    expect(decide(Buffer.from('河西区/区市场监管局.xlsx', 'utf8'))).toEqual({ name: '河西区/区市场监管局.xlsx', by: 'utf8', undecided: false });
    expect(decide(Buffer.from('农委.xlsx', 'utf8'))).toEqual({ name: '农委.xlsx', by: 'utf8', undecided: false });
  });

  it('trusts the UTF-8 flag, and before it an Info-ZIP Unicode Path field (0x7075) whose CRC matches the raw name', () => {
    expect(decide(Buffer.from('南开区.xlsx', 'utf8'), 0x800)).toEqual({ name: '南开区.xlsx', by: 'utf8-flag', undecided: false });
    const raw = Buffer.from('NONGWEI.XLS');
    const field = (name: string, crc: number) => {
      const head = Buffer.alloc(5);
      head[0] = 1;
      head.writeUInt32LE(crc, 1);
      return { id: 0x7075, data: Buffer.concat([head, Buffer.from(name, 'utf8')]) };
    };
    expect(decide(raw, 0, [field('农委.xlsx', crc32(raw))])).toEqual({ name: '农委.xlsx', by: 'unicode-path', undecided: false });
    // A stale field (written for another name) is ignored.
    expect(decide(raw, 0, [field('农委.xlsx', 1234)]).name).toBe('NONGWEI.XLS');
  });

  it('says when a name cannot be decided: Shift-JIS, bytes valid in neither encoding', () => {
    // テスト in Shift-JIS: valid GBK, but as Chinese it is nonsense (僥僗僩, rare characters).
    expect(decide(Buffer.from('836583588367', 'hex'))).toMatchObject({ undecided: true });
    expect(decide(Buffer.from([0xff, 0xfe, 0x41]))).toMatchObject({ undecided: true });
    expect(decide(Buffer.from([0xe4, 0xb8, 0xad, 0xff]), 0x800)).toMatchObject({ by: 'utf8-flag', undecided: true });
  });

  it('decides 20,000 random names of common hanzi right in both encodings', () => {
    const decoder = new TextDecoder('gb18030');
    const common: string[] = [];
    // GB2312 level 1 (lead bytes B0–D7): the 3755 most used hanzi.
    for (let lead = 0xb0; lead <= 0xd7; lead++) for (let t = 0xa1; t <= 0xfe; t++) common.push(decoder.decode(Buffer.from([lead, t])));
    const hanzi = common.filter((c) => c.length === 1 && c !== '\uFFFD');
    const random = seededRandom(7);
    const wrong: string[] = [];
    let gbkValidAsUtf8 = 0;
    for (let i = 0; i < 20_000; i++) {
      const name = Array.from({ length: 1 + Math.floor(random() * 5) }, () => hanzi[Math.floor(random() * hanzi.length)]).join('') + '.xlsx';
      const gbk = encodeGbk(name);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(gbk);
        gbkValidAsUtf8++;
      } catch {
        // Most GBK names are not valid UTF-8: validity alone would decide them.
      }
      for (const [raw, how] of [[gbk, 'gbk'], [Buffer.from(name, 'utf8'), 'utf8']] as const) {
        const decided = decide(raw);
        if (decided.name !== name || decided.undecided) wrong.push(`${how} ${name} → ${decided.name}`);
      }
    }
    expect(wrong).toEqual([]);
    // The case the issue met is common: several percent of GBK names are valid UTF-8.
    expect(gbkValidAsUtf8).toBeGreaterThan(500);
  });
});
