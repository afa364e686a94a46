// Set up by the `postgres` jest project: the same tests, on PostgreSQL instead of SQLite.
process.env.TEST_ENGINE = 'postgres';
