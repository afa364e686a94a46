/** Versions each resource family accepts; anything else is 400 InvalidApiVersionParameter. */
export const API_VERSIONS = {
  /** What @azure/arm-apimanagement@10 sends, plus the previews that carry the same types. */
  apiManagement: [
    '2024-05-01',
    '2024-06-01-preview',
    '2024-10-01-preview',
    '2025-03-01-preview',
    '2025-09-01-preview',
  ],
  apiManagementService: [
    '2021-08-01',
    '2022-08-01',
    '2023-05-01-preview',
    '2023-09-01-preview',
    '2024-05-01',
    '2024-06-01-preview',
    '2024-10-01-preview',
    '2025-03-01-preview',
    '2025-09-01-preview',
  ],
  /** @azure/arm-authorization@9 sends 2022-04-01 for assignments and definitions. */
  authorization: ['2022-04-01', '2020-10-01-preview', '2020-04-01-preview', '2018-09-01-preview'],
  /** @azure/arm-monitor@8 sends 2021-05-01-preview; there is no GA version. */
  diagnosticSettings: ['2021-05-01-preview', '2017-05-01-preview'],
  /** @azure/arm-network@36 sends 2025-05-01. */
  network: [
    '2025-05-01',
    '2025-03-01',
    '2025-01-01',
    '2024-10-01',
    '2024-07-01',
    '2024-05-01',
    '2024-03-01',
    '2024-01-01',
    '2023-11-01',
    '2023-09-01',
  ],
  operationalInsights: [
    '2025-02-01',
    '2023-09-01',
    '2022-10-01',
    '2021-12-01-preview',
    '2021-06-01',
    '2020-08-01',
  ],
  resources: ['2025-04-01', '2024-11-01', '2024-07-01', '2024-03-01', '2022-09-01', '2021-04-01'],
} as const satisfies Record<string, readonly string[]>;

export type ApiFamily = keyof typeof API_VERSIONS;
