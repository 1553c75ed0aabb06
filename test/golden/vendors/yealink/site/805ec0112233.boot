#!version:1.0.0.1
## Deskphone Provisioner boot file for 80:5E:C0:11:22:33
include:config "805ec0112233.cfg"
overwrite_mode = 1
