// Which association a screen works for: the caller's association memberships, the first by
// default; the picker shows only when there is a choice.
import { useState } from 'react';
import { Select } from 'antd';
import type { Me } from '../../../lib/me';

export function associationsOf(me: Me | undefined): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of me?.memberships ?? []) {
    if (m.organization_kind === 'association') seen.set(m.organization_id, m.organization_name);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

export function useAssociation(me: Me | undefined): [string | undefined, (id: string) => void] {
  const [picked, setPicked] = useState<string | undefined>();
  const all = associationsOf(me);
  const id = all.some((a) => a.id === picked) ? picked : all[0]?.id;
  return [id, setPicked];
}

export function AssociationPicker({ me, value, onChange }: { me: Me | undefined; value: string | undefined; onChange: (id: string) => void }) {
  const all = associationsOf(me);
  if (all.length < 2) return null;
  return <Select style={{ minWidth: 200 }} value={value} onChange={onChange} options={all.map((a) => ({ value: a.id, label: a.name }))} />;
}
