import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { auth } from './auth/auth'

// A login redirect is completed before the router reads the address.
await auth.init()
createApp(App).use(i18n).use(ElementPlus).use(router).mount('#app')
