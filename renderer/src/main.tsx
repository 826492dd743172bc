import './styles/theme.css';
import './styles/print.css';
import { startRenderer } from './app/bootstrap.tsx';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
startRenderer(window, container);
