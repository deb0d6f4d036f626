import { lazy, Suspense } from 'react';
import { useLocation } from 'wouter';
import {
  isParticipantPath,
  ParticipantApp,
} from '@web/modules/participant/components/ParticipantApp';
import { Loading } from '@web/shared/components/ApiStatus';

// Everything but the phone's pages (the staff and public shell, its routes, the walls) is a
// chunk of its own: the participant path's JavaScript has a budget (docs/phone.md).
const StaffApp = lazy(() => import('./StaffApp').then((module) => ({ default: module.StaffApp })));

/** The phone's pages (join, workshop, my data) have their own compact layout; the rest, the shell. */
export function App() {
  const [path] = useLocation();
  if (isParticipantPath(path)) return <ParticipantApp />;
  return (
    <Suspense fallback={<Loading />}>
      <StaffApp />
    </Suspense>
  );
}
