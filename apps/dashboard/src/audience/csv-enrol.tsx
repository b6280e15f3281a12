import { Alert, Button, FileInput, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { enrollmentApi, read } from '../api/client';
import type { EnrollResult } from '../api/types';
import { csvLine, parseRecipientsCsv, type CsvRows } from './csv-rows';

/** Bulk enrol from a CSV file; the per-row report names each refused line and why. */
export function CsvEnrol(props: { sequenceId: string; onEnrolled: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<{ parsed: CsvRows; result: EnrollResult } | null>(null);

  async function upload() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const parsed = parseRecipientsCsv(await file.text());
      if (parsed.rows.length === 0) throw new Error('The file has no recipient rows under its header line.');
      const result = await read<EnrollResult>(
        enrollmentApi.POST('/v1/sequences/{sequenceId}/enrollments', {
          params: { path: { sequenceId: props.sequenceId } },
          body: { recipients: parsed.rows },
        }),
      );
      setReport({ parsed, result });
      props.onEnrolled();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Enrol from CSV">
      <Title order={2} size="h5" mb="xs">
        Enrol recipients from a CSV file
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Columns: email, phone, linkedinProfile, firstName, lastName, timezone; any other column becomes a template
        variable.
      </Text>
      <Group align="flex-end">
        <FileInput
          label="CSV file"
          placeholder="Choose a .csv file"
          accept=".csv,text/csv"
          value={file}
          onChange={setFile}
          w={320}
          clearable
        />
        <Button onClick={() => void upload()} disabled={!file} loading={busy}>
          Enrol
        </Button>
      </Group>
      {error && (
        <Alert color="red" mt="sm" role="alert">
          {error}
        </Alert>
      )}
      {report && (
        <Stack mt="sm" gap="xs" role="status" aria-label="Enrolment report">
          <Text fw={600}>
            {report.result.enrolled.length} enrolled, {report.result.rejected.length} refused
          </Text>
          {report.result.rejected.length > 0 && (
            <Table aria-label="Refused rows">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>CSV line</Table.Th>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.result.rejected.map((row) => (
                  <Table.Tr key={row.index}>
                    <Table.Td>{csvLine(row.index)}</Table.Td>
                    <Table.Td>{row.field ?? ''}</Table.Td>
                    <Table.Td>{row.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {report.parsed.problems.map((problem) => (
            <Text key={problem.line} size="sm" c="red.9">
              Line {problem.line}: {problem.message}
            </Text>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
