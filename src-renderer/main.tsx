import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { BridgeMissing } from './app/BridgeMissing.js';
import { startApp } from './data/start.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/controls.css';
import './styles/manage.css';
import './styles/tokens.css';
import './styles/directory.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// Started outside React so StrictMode's double effects cannot run start-up twice.
const started = window.tokendesk !== undefined;
if (started) startApp();

createRoot(container).render(<StrictMode>{started ? <App /> : <BridgeMissing />}</StrictMode>);
