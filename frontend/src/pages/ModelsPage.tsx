import { CurrentModels } from '../components/models/CurrentModels';
import { InstalledModels } from '../components/models/InstalledModels';
import { OllamaPanel } from '../components/models/OllamaPanel';
import { Pulls } from '../components/models/Pulls';
import { useI18n } from '../lib/I18nContext';
import { useModels } from '../lib/modelQueries';
import { describeError } from '../lib/errors';

/** Models: Ollama's state, the models in use, installed models with settings, downloads. */
export function ModelsPage() {
  const { t, lang } = useI18n();
  const models = useModels();
  return (
    <section className="page" data-testid="page-models">
      <h2 className="page-title">{t('nav.models')}</h2>
      <p className="page-desc">{t('models.intro')}</p>
      <OllamaPanel />
      {models.isPending && <p className="hint">{t('models.loading')}</p>}
      {models.isError && (
        <p className="error-text" role="alert" data-testid="models-error">
          {t('models.loadFailed', { message: describeError(models.error, lang) })}
        </p>
      )}
      {models.data && <CurrentModels list={models.data} />}
      {models.data && <InstalledModels list={models.data} />}
      <Pulls list={models.data} />
    </section>
  );
}
