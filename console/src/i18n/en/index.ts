import common from './common'
import errors from './errors'
import pipeline from './pipeline'
import grants from './grants'
import provider from './provider'
import workspace from './workspace'
import products from './products'
import supervision from './supervision'
import notifications from './notifications'
import quality from './quality'

/** One file per area of the console, owned with that area's pages; the same keys in every language. */
export default { common, errors, pipeline, grants, provider, workspace, products, supervision, notifications, quality }
