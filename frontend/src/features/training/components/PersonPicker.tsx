// Picks a person by typing part of the name: the people the caller can see (GET /persons), or
// only one employer's. Lists show the masked ID number and the employer so namesakes differ.
import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';

export interface PersonPickerProps {
  value?: string;
  onChange?: (id: string | undefined) => void;
  employerId?: string;
  /** People not to offer (e.g. the trainee being replaced). */
  exclude?: string[];
  testId?: string;
  /** Told the person picked (their id and name), or undefined when cleared. */
  onPerson?: (p: { id: string; name: string } | undefined) => void;
}

export function PersonPicker({ value, onChange, employerId, exclude = [], testId, onPerson }: PersonPickerProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['persons', 'pick', employerId, q],
    queryFn: () => unwrap(api.GET('/api/v1/persons', { params: { query: { q: q.trim() || undefined, employer_id: employerId, limit: 20 } } })),
  });
  const options = (found.data?.items ?? [])
    .filter((p) => !exclude.includes(p.id))
    .map((p) => ({ value: p.id, label: [p.name, p.national_id_masked, p.employer_name].filter(Boolean).join(' · ') }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v: string | undefined) => {
        onChange?.(v);
        const p = found.data?.items.find((x) => x.id === v);
        onPerson?.(p ? { id: p.id, name: p.name } : undefined);
      }}
      loading={found.isLoading}
      placeholder={t('picker.person')}
      notFoundContent={found.isLoading ? undefined : t('picker.noPerson')}
      options={options}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
