// The organization the user is acting for (header switcher); remembered per browser.
import { createContext, useContext, useState, type ReactNode } from 'react';

interface CurrentOrg {
  orgId: string | undefined;
  setOrgId: (id: string | undefined) => void;
}

const Ctx = createContext<CurrentOrg>({ orgId: undefined, setOrgId: () => {} });

export function CurrentOrgProvider({ children }: { children: ReactNode }) {
  const [orgId, set] = useState<string | undefined>(() => localStorage.getItem('seforce.org') ?? undefined);
  const setOrgId = (id: string | undefined) => {
    if (id) localStorage.setItem('seforce.org', id);
    else localStorage.removeItem('seforce.org');
    set(id);
  };
  return <Ctx.Provider value={{ orgId, setOrgId }}>{children}</Ctx.Provider>;
}

export function useCurrentOrg(): CurrentOrg {
  return useContext(Ctx);
}
