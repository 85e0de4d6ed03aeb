// Jest maps `office-addin-manifest` here (jest.config.js): office-addin-mock requires it, and the
// real package's index pulls in an ESM-only dependency that Jest cannot load on Node 20.
//
// The real package's dependency-free modules are re-exported as they are. office-addin-mock needs
// the OfficeApp enum to tell hosts apart (lib/host.js, lib/officeMockObject.js); taking it from the
// package keeps its values right across upgrades.
const lib = (name) => require(`office-addin-manifest/lib/${name}`);

module.exports = { ...lib('officeApp'), ...lib('manifestInfo'), ...lib('xml') };
Object.defineProperty(module.exports, '__esModule', { value: true });

// The rest throws a plain error when used, instead of surfacing as "undefined is not a function"
// somewhere in the caller.
const WHY_MISSING = {
  'needs an ESM-only dependency that Jest cannot load': {
    manifestOperations: ['OfficeAddinManifest'],
    validate: ['ManifestValidationDetails', 'ManifestValidationIssue', 'ManifestValidationProduct', 'ManifestValidationReport', 'ManifestValidation', 'validateManifest'],
    export: ['exportMetadataPackage'],
  },
  'loads the telemetry package office-addin-usage-data; re-export it in this stub if a test needs it': {
    addInTypes: ['AddInType', 'getAddInTypeForManifestOfficeAppType', 'getAddInTypes', 'parseAddInType', 'parseAddInTypes', 'toAddInType'],
  },
};
for (const [why, files] of Object.entries(WHY_MISSING)) {
  for (const [file, names] of Object.entries(files)) {
    for (const name of names) {
      // Not enumerable, so spreading or copying the module (as import interop helpers do) does not trip it.
      Object.defineProperty(module.exports, name, {
        enumerable: false,
        get() {
          throw new Error(`test/support/office-addin-manifest-stub.js: ${name} (office-addin-manifest/lib/${file}) is not available under Jest: the real module ${why}.`);
        },
      });
    }
  }
}
