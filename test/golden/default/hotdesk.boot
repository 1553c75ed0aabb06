#!version:1.0.0.1
## Deskphone Provisioner BootFile for 80:5E:C0:11:22:33
deskphone.model = T46U
deskphone.user_type = hotdesk
static.auto_provision.server.url = http://192.168.1.10:8080/p/TOKEN_TOKEN_TOKEN_TOKEN_1/
static.auto_provision.pnp_enable = 0
include:config "ACC.cfg"
include:config "BTN.cfg"
overwrite_mode = 1
