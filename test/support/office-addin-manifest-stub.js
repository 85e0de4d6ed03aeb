// office-addin-mock imports office-addin-manifest, whose ESM-only dependency does not load under
// Jest on Node 20; the mock never needs it, so Jest maps it here.
module.exports = {};
