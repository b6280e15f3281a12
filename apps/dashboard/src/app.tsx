import { Navigate, Route, Routes } from 'react-router-dom';
import { AppLayout } from './layout/app-layout';
import { SequenceLayout } from './layout/sequence-layout';
import { ActivityPage } from './activity/activity.page';
import { AudiencePage } from './audience/audience.page';
import { ErrorsPage } from './errors/errors.page';
import { IdentitiesPage } from './identities/identities.page';
import { IdentityDetailPage } from './identities/identity-detail.page';
import { OverviewPage } from './overview/overview.page';
import { CreateSequencePage } from './sequences/create-sequence.page';
import { SequencesPage } from './sequences/sequences.page';
import { SignInPage } from './session/sign-in.page';
import { readApiKey } from './session/session';
import { CampaignStatsPage } from './stats/campaign-stats.page';

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route element={<RequireSession />}>
        <Route path="/sequences" element={<SequencesPage />} />
        <Route path="/sequences/new" element={<CreateSequencePage />} />
        <Route path="/sequences/:sequenceId" element={<SequenceLayout />}>
          <Route index element={<Navigate to="overview" replace />} />
          <Route path="overview" element={<OverviewPage />} />
          <Route path="audience" element={<AudiencePage />} />
          <Route path="errors" element={<ErrorsPage />} />
          <Route path="activity" element={<ActivityPage />} />
          <Route path="stats" element={<CampaignStatsPage />} />
        </Route>
        <Route path="/identities" element={<IdentitiesPage />} />
        <Route path="/identities/:identityId" element={<IdentityDetailPage />} />
        <Route path="/stats" element={<CampaignStatsPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/sequences" replace />} />
    </Routes>
  );
}

function RequireSession() {
  if (!readApiKey()) return <Navigate to="/sign-in" replace />;
  return <AppLayout />;
}
