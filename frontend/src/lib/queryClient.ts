// The one query client of the signed-in app, shared by the full app (`app/App`) and the
// trainee's light frame (`app/TraineeFrame`), so that what the frame read is not read again when
// the full app takes over. What it holds is forgotten when the session ends, whichever frame
// ended it (the next user of the device must not see the last one's classes).
import { QueryClient } from '@tanstack/react-query';
import { ApiProblem } from './api/problem';
import { onSessionChange } from './session';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiProblem && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

onSessionChange((s) => {
  if (!s) queryClient.clear();
});
