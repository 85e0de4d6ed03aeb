// Row shape of the baselines table (migration 0006), as Kysely sees it.

export interface BaselinesTable {
  id: string;
  unit_code: string;
  year: number;
  version: number;
  sha256: string;
  file_name: string;
  format: string;
  catalogue_version: string;
  values_json: string;
  items_json: string;
  confirmed_by: string;
  confirmed_at: string;
}

