// The callbacks both XML parsers (the fast tokenizer and saxes) drive.
export type Attributes = Record<string, string>;

export interface XmlHandlers {
  open?(name: string, attrs: Attributes): void;
  close?(name: string): void;
  text?(text: string): void;
}
