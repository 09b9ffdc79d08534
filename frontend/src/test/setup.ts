import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetTransportForTests } from '../lib/backend';

afterEach(() => {
  cleanup();
  resetTransportForTests();
  delete window.go;
  delete window.runtime;
  window.localStorage.clear();
});
