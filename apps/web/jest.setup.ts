import '@testing-library/jest-dom';
import { addFrenchMessages } from './src/i18n/i18n';
import { frStaff } from './src/i18n/messages.fr.staff';

// The staff screens' French comes with their chunk in the app (app/StaffApp.tsx); the tests
// render those screens directly.
addFrenchMessages(frStaff);
