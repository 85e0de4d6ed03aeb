// The shared input pieces are part of the contract (the add-in and the page check years alike).
export * from '../contract/params';
