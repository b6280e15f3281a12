import { bootstrapService, loadConfig } from '@stepwise/observability';
import { AppModule } from './app.module';
import { socialConfigSchema } from './config';

void bootstrapService(AppModule, { service: 'channel-social', port: loadConfig(socialConfigSchema).HTTP_PORT });
