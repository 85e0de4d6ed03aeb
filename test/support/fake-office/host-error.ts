// Errors shaped like the ones Office.js throws from Excel.run: a RichApi.Error with a code, so the
// add-in's error handling meets the same kind of object it gets from Excel.

export class HostError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'RichApi.Error';
  }
}
